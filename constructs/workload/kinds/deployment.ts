// A Deployment, and the PersistentVolumeClaims its pods share. A claim one node mounts at a time
// (ReadWriteOnce) cannot follow a rolling update onto another node: such a Deployment replaces its
// pod instead (Recreate); the spec rules keep it at one replica.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { ROLLING_UPDATE_MAX_SURGE, rollsWithSurge } from "../../../spec/workload.js";
import { selectorLabels } from "../../labels.js";
import { coreObject } from "../../model-object.js";
import { podTemplate } from "../pod-template.js";
import { claimName, claimSpec } from "../storage.js";
import { type KindProps, workloadMetadata, workloadObjectMetadata } from "../workload-metadata.js";

export class DeploymentWorkload extends Construct {
  constructor(scope: Construct, id: string, props: KindProps<"deployment">) {
    super(scope, id);
    const { environment, name, service } = props;
    const recreate = !rollsWithSurge(service);
    coreObject(this, "deployment", k8s.KubeDeployment, {
      metadata: workloadObjectMetadata(name, service, environment),
      spec: {
        // Under an HPA the replica count is the HPA's; rendering one would make Argo CD reset it.
        ...(service.autoscaling ? {} : { replicas: service.replicas ?? 1 }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(name, environment) },
        strategy: recreate
          ? { type: "Recreate" }
          : { type: "RollingUpdate", rollingUpdate: { maxSurge: k8s.IntOrString.fromString(ROLLING_UPDATE_MAX_SURGE), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
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
