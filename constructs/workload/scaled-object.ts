// A KEDA ScaledObject in place of the HPA when a service scales on PromQL queries: one Prometheus
// trigger per query, its cpu and memory targets as cpu and memory triggers, min, max and behaviour
// passed to the HPA KEDA creates — named as the service, as slipway's own HPA would be, so the
// workload alerts and the dashboard's replica panel find it.
import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { EnvironmentSpec } from "../../spec/index.js";
import { fillPlaceholders } from "../../spec/promql-query.js";
import type { ServingSpec } from "../../spec/schema/service.js";
import type { ScaleTarget } from "./autoscaling.js";

type Autoscaling = NonNullable<ServingSpec["autoscaling"]>;
type Trigger = IScaledObject["spec"]["triggers"][number];

/** Where KEDA queries Prometheus: the declared URL, or the Service prometheus-operator creates for its Prometheus. */
export function prometheusUrl(environment: EnvironmentSpec): string {
  return environment.prometheus.url ?? `http://prometheus-operated.${environment.prometheus.namespace}.svc:9090`;
}

export function scaledObjectSpec(target: ScaleTarget, autoscaling: Autoscaling, namespace: string, environment: EnvironmentSpec): IScaledObject["spec"] {
  const resources = (["cpu", "memory"] as const).flatMap((resource): Trigger[] => {
    const utilization = autoscaling[resource];
    if (utilization === undefined) return [];
    return [{ type: resource, metricType: "Utilization", metadata: { value: String(utilization), ...(autoscaling.container === undefined ? {} : { containerName: autoscaling.container }) } }];
  });
  const queries = autoscaling.metrics.map(
    ({ name, query, threshold, activationThreshold }): Trigger => ({
      type: "prometheus",
      name,
      metadata: {
        serverAddress: prometheusUrl(environment),
        query: fillPlaceholders(query, { service: target.name, namespace }),
        threshold: String(threshold),
        ...(activationThreshold === undefined ? {} : { activationThreshold: String(activationThreshold) }),
        // An empty result is an error on the ScaledObject (the HPA keeps its replicas), not a silent 0.
        ignoreNullValues: "false",
      },
    }),
  );
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: target.kind, name: target.name },
    minReplicaCount: autoscaling.min,
    maxReplicaCount: autoscaling.max,
    advanced: { horizontalPodAutoscalerConfig: { name: target.name, ...(autoscaling.behavior === undefined ? {} : { behavior: autoscaling.behavior }) } },
    triggers: [...resources, ...queries],
  };
}
