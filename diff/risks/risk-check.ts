// What a risk check is: a pure function of one environment's object changes that names every change
// a reviewer must look at before merging, whatever else the diff holds.
import { groupOf } from "../../constructs/gitops/rendered-output.js";
import { compareStrings } from "../../spec/order.js";
import type { ObjectChange } from "../object-changes.js";

/** What a flagged change does, in the order the review lists them. */
export const RISK_CATEGORIES = ["network", "authorization", "exposure", "egress", "availability", "deletion", "rbac", "pod-security"] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export interface RiskFlag {
  readonly category: RiskCategory;
  /** The service the flagged object belongs to. */
  readonly service: string;
  /** What changed, naming the object: `NetworkPolicy shop/web allows ingress from … (new)`. */
  readonly message: string;
}

export interface RiskCheck {
  readonly category: RiskCategory;
  check(changes: readonly ObjectChange[]): RiskFlag[];
}

/** Changes to objects of these kinds (and API group, when given as `group/Kind`). */
export function changesOf(changes: readonly ObjectChange[], ...kinds: string[]): ObjectChange[] {
  return changes.filter((change) => {
    const object = change.after ?? change.before!;
    const group = groupOf(String(object.apiVersion));
    return kinds.some((kind) => kind === change.kind || kind === `${group}/${change.kind}`);
  });
}

/** A label selector as `k=v, k in (a, b)`; `everything` when empty. */
export function describeSelector(selector: Record<string, any> | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => compareStrings(a, b)).map(([key, value]) => `${key}=${value}`);
  const expressions = (selector?.matchExpressions ?? []).map(({ key, operator, values }: { key: string; operator: string; values?: string[] }) =>
    values === undefined ? `${key} ${operator}` : `${key} ${operator.toLowerCase()} (${values.join(", ")})`,
  );
  const terms = [...labels, ...expressions];
  return terms.length === 0 ? "everything" : `{${terms.join(", ")}}`;
}

/**
 * Changes to policies of these kinds that bear on what was reachable before: a new service's own
 * new policies open nothing that existed (what opens an existing service to it is flagged on that
 * service's policies).
 */
export function policyChangesOf(changes: readonly ObjectChange[], ...kinds: string[]): ObjectChange[] {
  const owners = new Set(["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Rollout"]);
  const newServices = new Set(changes.filter((change) => change.change === "added" && owners.has(change.kind)).map(({ service }) => service));
  return changesOf(changes, ...kinds).filter((change) => !(change.change === "added" && newServices.has(change.service)));
}
