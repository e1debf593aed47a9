// A StatefulSet, and the headless Service that gives its pods stable DNS names
// (<pod>.<name>-headless.<namespace>.svc): claim templates give each replica a volume of its own.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { IService } from "kubernetes-models/v1/Service";
import { selectorLabels } from "../../labels.js";
import { coreObject, modelObject } from "../../model-object.js";
import { podTemplate } from "../pod-template.js";
import { servicePorts } from "../service-ports.js";
import { claimSpec } from "../storage.js";
import { type KindProps, workloadMetadata, workloadObjectMetadata } from "../workload-metadata.js";

/** The headless Service of a StatefulSet: <name>-headless (the client Service keeps the plain name). */
export function headlessServiceName(name: string): string {
  return `${name}-headless`;
}

export class StatefulSetWorkload extends Construct {
  constructor(scope: Construct, id: string, props: KindProps<"statefulset">) {
    super(scope, id);
    const { environment, name, service } = props;
    const selector = selectorLabels(name, environment);
    const metadata = workloadMetadata(name, service, environment);
    const { updateStrategy } = service;
    coreObject(this, "stateful-set", k8s.KubeStatefulSet, {
      metadata: workloadObjectMetadata(name, service, environment),
      spec: {
        ...(service.autoscaling ? {} : { replicas: service.replicas ?? 1 }),
        revisionHistoryLimit: service.revisionHistoryLimit,
        serviceName: headlessServiceName(name),
        selector: { matchLabels: selector },
        podManagementPolicy: service.podManagementPolicy,
        updateStrategy: updateStrategy.type === "OnDelete" ? { type: "OnDelete" } : { type: "RollingUpdate", rollingUpdate: { partition: updateStrategy.partition } },
        persistentVolumeClaimRetentionPolicy: service.persistentVolumeClaimRetentionPolicy,
        template: podTemplate(name, service, environment),
        ...(service.storage.length === 0
          ? {}
          : { volumeClaimTemplates: service.storage.map((storage) => ({ metadata: { name: storage.name, labels: metadata.labels }, spec: claimSpec(storage) })) }),
      },
    });
    // Typed by kubernetes-models: the cdk8s bindings name the field clusterIp, which coreObject would write as it is.
    modelObject<IService>(this, "headless-service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { ...metadata, name: headlessServiceName(name) },
      spec: {
        clusterIP: "None",
        selector,
        publishNotReadyAddresses: service.publishNotReadyAddresses,
        ports: servicePorts(name, service, { headless: true }),
      },
    });
  }
}
