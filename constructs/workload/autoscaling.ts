// HPA and VPA specs of a service, and the rule that keeps them from fighting.
import { k8s } from "cdk8s-plus-28";
import type { IVerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler";
import type { ServingSpec } from "../../spec/schema/service.js";

type Autoscaling = NonNullable<ServingSpec["autoscaling"]>;
type Vpa = NonNullable<ServingSpec["vpa"]>;

/** The workload an autoscaler acts on. */
export interface ScaleTarget {
  readonly kind: "Deployment" | "StatefulSet";
  readonly name: string;
}

const targetRef = (target: ScaleTarget) => ({ apiVersion: "apps/v1", kind: target.kind, name: target.name });

export function hpaSpec(target: ScaleTarget, autoscaling: Autoscaling): k8s.HorizontalPodAutoscalerSpecV2 {
  const utilisation = (["cpu", "memory"] as const).flatMap((resource): k8s.MetricSpecV2[] => {
    const utilization = autoscaling[resource];
    if (utilization === undefined) return [];
    const target = { type: "Utilization", averageUtilization: utilization };
    return [
      autoscaling.container === undefined
        ? { type: "Resource", resource: { name: resource, target } }
        : { type: "ContainerResource", containerResource: { name: resource, container: autoscaling.container, target } },
    ];
  });
  const pods = autoscaling.pods.map(
    ({ metric, averageValue }): k8s.MetricSpecV2 => ({
      type: "Pods",
      pods: { metric: { name: metric }, target: { type: "AverageValue", averageValue: k8s.Quantity.fromString(averageValue) } },
    }),
  );
  return {
    scaleTargetRef: targetRef(target),
    minReplicas: autoscaling.min,
    maxReplicas: autoscaling.max,
    metrics: [...utilisation, ...pods],
    ...(autoscaling.behavior === undefined ? {} : { behavior: autoscaling.behavior }),
  };
}

/** Whether the HPA reacts to cpu or memory: then a VPA that also changes them must stay Off. */
export function hpaScalesOnResources(autoscaling: Autoscaling | undefined): boolean {
  return autoscaling !== undefined && (autoscaling.cpu !== undefined || autoscaling.memory !== undefined);
}

export function vpaUpdateMode(vpa: Vpa, autoscaling: Autoscaling | undefined): Vpa["mode"] {
  return hpaScalesOnResources(autoscaling) ? "Off" : vpa.mode;
}

/** Recommendations for the main container only; extra containers and the sidecar keep their resources. */
export function vpaSpec(target: ScaleTarget, vpa: Vpa, autoscaling: Autoscaling | undefined): IVerticalPodAutoscaler["spec"] {
  return {
    targetRef: targetRef(target),
    updatePolicy: { updateMode: vpaUpdateMode(vpa, autoscaling) },
    resourcePolicy: {
      containerPolicies: [
        {
          containerName: target.name,
          controlledResources: ["cpu", "memory"],
          ...(vpa.minAllowed === undefined ? {} : { minAllowed: vpa.minAllowed }),
          ...(vpa.maxAllowed === undefined ? {} : { maxAllowed: vpa.maxAllowed }),
        },
        { containerName: "*", mode: "Off" },
      ],
    },
  };
}
