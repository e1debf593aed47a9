// How a serving workload scales and survives disruptions: its PodDisruptionBudget, and when
// declared its HorizontalPodAutoscaler (a KEDA ScaledObject when it scales on PromQL queries) and
// VerticalPodAutoscaler.
import { k8s } from "cdk8s-plus-28";
import type { IVerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler";
import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { ServingSpec } from "../../spec/schema/service.js";
import { selectorLabels } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { hpaSpec, type ScaleTarget, vpaSpec, vpaUpdateMode } from "./autoscaling.js";
import { pdbSpec } from "./disruption-budget.js";
import { scaledObjectSpec } from "./scaled-object.js";
import { workloadMetadata } from "./workload-metadata.js";

export const VPA_MODE_ANNOTATION = "slipway.dev/vpa-requested-mode";

export interface WorkloadScalingProps {
  readonly environment: EnvironmentSpec;
  readonly name: string;
  readonly service: ServingSpec;
}

export class WorkloadScaling extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadScalingProps) {
    super(scope, id);
    const { environment, name, service } = props;
    const metadata = workloadMetadata(name, service, environment);
    const target: ScaleTarget = { kind: service.kind === "statefulset" ? "StatefulSet" : "Deployment", name };

    const budget = pdbSpec(service, selectorLabels(name, environment));
    if (budget) coreObject(this, "pdb", k8s.KubePodDisruptionBudget, { metadata, spec: budget });

    if (service.autoscaling && service.autoscaling.metrics.length > 0) {
      modelObject<IScaledObject>(this, "scaled-object", { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata, spec: scaledObjectSpec(target, service.autoscaling, metadata.namespace, environment) });
    } else if (service.autoscaling) {
      coreObject(this, "hpa", k8s.KubeHorizontalPodAutoscalerV2, { metadata, spec: hpaSpec(target, service.autoscaling) });
    }

    if (service.vpa) {
      const overridden = vpaUpdateMode(service.vpa, service.autoscaling) !== service.vpa.mode;
      const vpa: IVerticalPodAutoscaler = {
        apiVersion: "autoscaling.k8s.io/v1",
        kind: "VerticalPodAutoscaler",
        metadata: overridden ? { ...metadata, annotations: { [VPA_MODE_ANNOTATION]: `${service.vpa.mode} (Off: the HPA scales on cpu/memory)` } } : metadata,
        spec: vpaSpec(target, service.vpa, service.autoscaling),
      };
      modelObject(this, "vpa", vpa);
    }
  }
}
