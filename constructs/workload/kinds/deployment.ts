// A Deployment, and the PersistentVolumeClaims its pods share. Its strategy is deploymentStrategy's:
// a claim one node mounts at a time (ReadWriteOnce) cannot follow a rolling update onto another
// node, so such a Deployment replaces its pod instead (Recreate); the spec rules keep it at one replica.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { deploymentStrategy } from "../../../spec/workload.js";
import { selectorLabels } from "../../labels.js";
import { coreObject } from "../../model-object.js";
import { podTemplate } from "../pod-template.js";
import { claimName, claimSpec } from "../storage.js";
import { type KindProps, workloadMetadata, workloadObjectMetadata } from "../workload-metadata.js";

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === "number" ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

export class DeploymentWorkload extends Construct {
  constructor(scope: Construct, id: string, props: KindProps<"deployment">) {
    super(scope, id);
    const { environment, name, service } = props;
    const strategy = deploymentStrategy(service);
    coreObject(this, "deployment", k8s.KubeDeployment, {
      metadata: workloadObjectMetadata(name, service, environment),
      spec: {
        // Under an HPA the replica count is the HPA's; rendering one would make Argo CD reset it.
        ...(service.autoscaling ? {} : { replicas: service.replicas ?? 1 }),
        revisionHistoryLimit: service.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(name, environment) },
        strategy:
          strategy.type === "Recreate"
            ? { type: "Recreate" }
            : { type: "RollingUpdate", rollingUpdate: { maxSurge: intOrString(strategy.maxSurge), maxUnavailable: intOrString(strategy.maxUnavailable) } },
        template: podTemplate(name, service, environment),
      },
    });
    for (const storage of service.storage) {
      coreObject(this, `claim-${storage.name}`, k8s.KubePersistentVolumeClaim, {
        metadata: { ...workloadMetadata(name, service, environment), name: claimName(name, storage) },
        spec: claimSpec(storage),
      });
    }
  }
}
