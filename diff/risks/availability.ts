// Changes that leave fewer pods serving: fewer replicas or a lower autoscaling floor, a disruption
// budget that lets more pods go (or is deleted), a rollout that takes more pods down at once.
import type { Json, ObjectChange } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

type Amount = number | string | undefined;

/** Whether after lets fewer pods serve than before (higher = more pods kept); unlike units count as lower. */
function lower(before: Amount, after: Amount): boolean {
  if (before === undefined || after === undefined || before === after) return false;
  const percent = (value: Amount) => typeof value === "string" && value.endsWith("%");
  if (percent(before) !== percent(after)) return true;
  return parseFloat(String(after)) < parseFloat(String(before));
}

const show = (value: Amount) => (value === undefined ? "unset" : String(value));

function compare(change: ObjectChange, field: string, read: (object: Json) => Amount, fewerWhen: "lower" | "higher"): RiskFlag[] {
  if (change.before === undefined || change.after === undefined) return [];
  const [before, after] = [read(change.before), read(change.after)];
  const drops = fewerWhen === "lower" ? lower(before, after) : lower(after, before);
  return drops ? [{ category: "availability", service: change.service, message: `${change.ref} ${field} ${show(before)} → ${show(after)}` }] : [];
}

export const availabilityDrop: RiskCheck = {
  category: "availability",
  check: (changes) => [
    ...changesOf(changes, "apps/Deployment", "apps/StatefulSet", "apps/ReplicaSet", "argoproj.io/Rollout").flatMap((change) => [
      ...compare(change, "replicas", (object) => object.spec?.replicas, "lower"),
      ...compare(change, "maxUnavailable", (object) => object.spec?.strategy?.rollingUpdate?.maxUnavailable, "higher"),
    ]),
    ...changesOf(changes, "autoscaling/HorizontalPodAutoscaler").flatMap((change) => compare(change, "minReplicas", (object) => object.spec?.minReplicas ?? 1, "lower")),
    ...changesOf(changes, "keda.sh/ScaledObject").flatMap((change) => compare(change, "minReplicaCount", (object) => object.spec?.minReplicaCount ?? 0, "lower")),
    ...changesOf(changes, "policy/PodDisruptionBudget").flatMap((change): RiskFlag[] =>
      change.after === undefined
        ? [{ category: "availability", service: change.service, message: `${change.ref} is deleted: a node drain may evict every pod it protected at once` }]
        : [...compare(change, "minAvailable", (object) => object.spec?.minAvailable, "lower"), ...compare(change, "maxUnavailable", (object) => object.spec?.maxUnavailable, "higher")],
    ),
  ],
};
