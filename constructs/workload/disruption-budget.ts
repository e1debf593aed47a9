// The PodDisruptionBudget of a service, when it can run more than one replica.
import { k8s } from "cdk8s-plus-28";
import type { ServingSpec } from "../../spec/schema/service.js";
import { replicaBounds } from "../../spec/workload.js";

const intOrString = (value: number | string) => (typeof value === "number" ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value));

export function pdbSpec(service: ServingSpec, selector: Record<string, string>): k8s.PodDisruptionBudgetSpec | undefined {
  const { pdb } = service;
  if (!pdb.enabled || replicaBounds(service).max <= 1) return undefined;
  const budget =
    pdb.minAvailable !== undefined ? { minAvailable: intOrString(pdb.minAvailable) } : { maxUnavailable: intOrString(pdb.maxUnavailable ?? 1) };
  // AlwaysAllow lets a drain evict pods that are not ready anyway (crash-looping ones would block it).
  return { selector: { matchLabels: selector }, ...budget, unhealthyPodEvictionPolicy: "AlwaysAllow" };
}
