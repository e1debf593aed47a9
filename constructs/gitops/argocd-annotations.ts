// The annotations Argo CD reads on each rendered object when the platform declares `gitops`: the
// object's sync wave, and prune protection for what a sync must never delete.
import { ApiObject } from "cdk8s";
import type { IConstruct } from "constructs";
import { pruneProtectionOf } from "./prune-protection.js";
import { SYNC_WAVE_ANNOTATION, syncWaveOf } from "./sync-waves.js";

/** The Argo CD annotations of an object of this kind (none for a wave-0 kind that needs no protection). */
export function argoCdAnnotationsOf(kind: string): Record<string, string> {
  const wave = syncWaveOf(kind);
  return { ...(wave === 0 ? {} : { [SYNC_WAVE_ANNOTATION]: String(wave) }), ...pruneProtectionOf(kind) };
}

/** Annotates every object under scope. */
export function annotateForArgoCd(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    for (const [key, value] of Object.entries(argoCdAnnotationsOf(child.kind))) child.metadata.addAnnotation(key, value);
  }
}

/** A hand-written object with its kind's annotations, each unless it sets that annotation itself. */
export function withArgoCdAnnotations<T extends { readonly kind: string; readonly metadata: Readonly<Record<string, unknown>> }>(object: T): T {
  const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
  const added = Object.entries(argoCdAnnotationsOf(object.kind)).filter(([key]) => !Object.hasOwn(annotations, key));
  if (added.length === 0) return object;
  return { ...object, metadata: { ...object.metadata, annotations: { ...annotations, ...Object.fromEntries(added) } } };
}
