// Every deleted object, one flag per service: Argo CD prunes them on the next sync, except what
// carries Prune=false (Namespaces and PersistentVolumeClaims), which it leaves in the cluster.
import { SYNC_OPTIONS_ANNOTATION } from "../../constructs/gitops/prune-protection.js";
import type { Json, ObjectChange } from "../object-changes.js";
import type { RiskCheck, RiskFlag } from "./risk-check.js";

/** At most this many objects are named in one flag; the count says the rest. */
const NAMED = 6;

export const deletedObjects: RiskCheck = {
  category: "deletion",
  check: (changes) => {
    const deleted = new Map<string, ObjectChange[]>();
    for (const change of changes) if (change.change === "deleted") deleted.set(change.service, [...(deleted.get(change.service) ?? []), change]);
    return [...deleted.entries()].map(([service, objects]): RiskFlag => {
      const named = objects.slice(0, NAMED).map(({ ref, before }) => (pruneProtected(before!) ? `${ref} (left in the cluster: Prune=false)` : ref));
      const rest = objects.length > NAMED ? ` and ${objects.length - NAMED} more` : "";
      return { category: "deletion", service, message: `${objects.length} object${objects.length === 1 ? "" : "s"} deleted: ${named.join(", ")}${rest}` };
    });
  },
};

function pruneProtected(object: Json): boolean {
  return String(object.metadata?.annotations?.[SYNC_OPTIONS_ANNOTATION] ?? "").split(",").includes("Prune=false");
}
