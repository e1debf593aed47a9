// One object per identity: the API server keeps one object per group, kind, namespace and name, so
// a second declaration of it replaces the first (or, applied together, one of them silently wins).
import type { KubeObject } from "../../constructs/synth.js";
import type { CrossObjectRule } from "./object-index.js";

/** group/kind namespace/name: an object's identity in the API server (no namespace: cluster-scoped, or the namespace kubectl applies to). */
export function objectIdentity(object: KubeObject): string {
  const slash = object.apiVersion.indexOf("/");
  const group = slash === -1 ? "" : object.apiVersion.slice(0, slash);
  return `${group}/${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

export const duplicateRules: readonly CrossObjectRule[] = [
  {
    id: "xo/duplicate-object",
    severity: "error",
    fix: "keep one declaration of the object: rename one, or remove it",
    check: (index) => {
      const seen = new Map<string, number>();
      return index.objects.flatMap((object) => {
        const key = objectIdentity(object);
        const count = (seen.get(key) ?? 0) + 1;
        seen.set(key, count);
        const { namespace, name } = object.metadata;
        return count === 1 ? [] : [{ object, path: "metadata.name", message: `${object.kind} ${namespace === undefined ? "" : `${namespace}/`}${name} is declared ${count} times: the API server keeps one of them` }];
      });
    },
  },
];
