// What an autoscaler is, whichever kind: an HPA, or a KEDA ScaledObject standing for the HPA KEDA
// creates. Its target, its replica bounds and the resources it scales on, read the same way by the
// cross-object rules, Argo CD's replica ownership, the render inventory and the diff.
import type { KubeObject } from "../constructs/synth.js";
import type { Json } from "./policy/rule.js";

export function isAutoscaler(object: KubeObject): boolean {
  return object.kind === "HorizontalPodAutoscaler" || (object.kind === "ScaledObject" && object.apiVersion.startsWith("keda.sh/"));
}

/** The workload an autoscaler names: a ScaledObject's kind defaults to Deployment, its apiVersion to apps/v1. */
export function scaleTargetOf(autoscaler: KubeObject): { apiVersion: string; kind?: string; name?: string } {
  const ref = ((autoscaler.spec as Json | undefined)?.scaleTargetRef ?? {}) as Json;
  const kind = ref.kind ?? (autoscaler.kind === "ScaledObject" ? "Deployment" : undefined);
  return { apiVersion: typeof ref.apiVersion === "string" ? ref.apiVersion : "apps/v1", ...(typeof kind === "string" ? { kind } : {}), ...(typeof ref.name === "string" ? { name: ref.name } : {}) };
}

/** An autoscaler's replica bounds, with each kind's defaults (an HPA's min 1; KEDA's min 0 and max 100). */
export function autoscalerBounds(autoscaler: KubeObject): { readonly min: number; readonly max: number; readonly fields: readonly [min: string, max: string] } {
  const spec = autoscaler.spec as Json;
  return autoscaler.kind === "ScaledObject"
    ? { min: spec.minReplicaCount ?? 0, max: spec.maxReplicaCount ?? 100, fields: ["minReplicaCount", "maxReplicaCount"] }
    : { min: spec.minReplicas ?? 1, max: spec.maxReplicas, fields: ["minReplicas", "maxReplicas"] };
}

/** Resources (cpu, memory) an autoscaler's utilisation metrics depend on: an HPA's Resource metrics, a ScaledObject's cpu and memory triggers. */
export function autoscalerResources(autoscaler: KubeObject): string[] {
  const spec = autoscaler.spec as Json;
  if (autoscaler.kind === "ScaledObject") return ((spec.triggers as Json[] | undefined) ?? []).flatMap((trigger) => (trigger?.type === "cpu" || trigger?.type === "memory" ? [trigger.type] : []));
  return (spec.metrics ?? []).flatMap((metric: Json) => (metric.type === "Resource" ? [metric.resource?.name] : metric.type === "ContainerResource" ? [metric.containerResource?.name] : []));
}

/** How a finding names it: "HPA web", "ScaledObject web". */
export function autoscalerName(autoscaler: KubeObject): string {
  return `${autoscaler.kind === "ScaledObject" ? "ScaledObject" : "HPA"} ${autoscaler.metadata.name}`;
}
