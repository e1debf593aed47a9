// What a sync must never delete: a Namespace (deleting it deletes everything in it) and a
// PersistentVolumeClaim (its data). Removed from the spec, such an object is left in the cluster and
// shown out of sync by Argo CD — for someone to delete on purpose — and deleting the Application
// leaves it too.

export const SYNC_OPTIONS_ANNOTATION = "argocd.argoproj.io/sync-options";

export const PRUNE_PROTECTED_KINDS: ReadonlySet<string> = new Set(["Namespace", "PersistentVolumeClaim"]);

/** Argo CD's per-object sync options: never pruned by a sync, never deleted with the Application. */
export const PRUNE_PROTECTION = "Prune=false,Delete=false";

export function pruneProtectionOf(kind: string): Record<string, string> {
  return PRUNE_PROTECTED_KINDS.has(kind) ? { [SYNC_OPTIONS_ANNOTATION]: PRUNE_PROTECTION } : {};
}
