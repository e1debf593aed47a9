// Facts about an environment's rendered objects that its Argo CD configuration is computed from,
// so the project grants exactly what the output needs and nothing the spec merely could produce.
import { compareStrings } from "../../spec/order.js";
import { isAutoscaler, scaleTargetOf } from "../../validate/autoscalers.js";
import type { KubeObject } from "../synth.js";

export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface NamespacedName {
  readonly namespace: string;
  readonly name: string;
}

/** The API group of an apiVersion: "" for the core group ("v1"). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** Distinct group/kinds of the objects, split by scope (slipway sets a namespace on every namespaced object). */
export function renderedKinds(objects: readonly KubeObject[]): { readonly clusterScoped: GroupKind[]; readonly namespaced: GroupKind[] } {
  const clusterScoped = new Map<string, GroupKind>();
  const namespaced = new Map<string, GroupKind>();
  for (const object of objects) {
    const groupKind = { group: groupOf(object.apiVersion), kind: object.kind };
    (object.metadata.namespace === undefined ? clusterScoped : namespaced).set(`${groupKind.group}/${groupKind.kind}`, groupKind);
  }
  return { clusterScoped: sortGroupKinds(clusterScoped.values()), namespaced: sortGroupKinds(namespaced.values()) };
}

/** Namespaces that namespaced objects are rendered into, sorted. */
export function renderedNamespaces(objects: readonly KubeObject[]): string[] {
  return [...new Set(objects.flatMap((object) => (object.metadata.namespace === undefined ? [] : [object.metadata.namespace])))].sort();
}

/**
 * What one Argo CD Application (and its project) of an environment manages: the environment's own
 * namespaces (those whose Namespace it renders) with its cluster-scoped objects, or one namespace it
 * renders into without owning it (a control plane's: the ingress gateway's Certificate in
 * istio-system), confined to that namespace and the kinds rendered there.
 */
export interface OutputPart {
  /** The namespace a part outside the environment's own is confined to; undefined for the environment's own part. */
  readonly namespace?: string;
  readonly objects: readonly KubeObject[];
  /** Folders (namespaces) the own part's Application must not read: the other parts'. */
  readonly excludedFolders: readonly string[];
}

/** The environment's own part first, then one per namespace it does not own, sorted; all one part when it owns none. */
export function outputParts(objects: readonly KubeObject[]): OutputPart[] {
  const owned = new Set(objects.filter((object) => object.kind === "Namespace" && groupOf(object.apiVersion) === "").map((object) => object.metadata.name));
  const foreign = owned.size === 0 ? [] : renderedNamespaces(objects).filter((namespace) => !owned.has(namespace));
  const inForeign = (object: KubeObject) => object.metadata.namespace !== undefined && foreign.includes(object.metadata.namespace);
  return [
    { objects: objects.filter((object) => !inForeign(object)), excludedFolders: foreign },
    ...foreign.map((namespace) => ({ namespace, objects: objects.filter((object) => object.metadata.namespace === namespace), excludedFolders: [] })),
  ];
}

/** Deployments whose replica count an HorizontalPodAutoscaler owns (one of slipway's, or the one a KEDA ScaledObject creates), sorted. */
export function hpaManagedDeployments(objects: readonly KubeObject[]): NamespacedName[] {
  const managed = objects.flatMap((object) => {
    if (!isAutoscaler(object) || object.metadata.namespace === undefined) return [];
    const target = scaleTargetOf(object);
    if (target.kind !== "Deployment" || target.name === undefined || groupOf(target.apiVersion) !== "apps") return [];
    return [{ namespace: object.metadata.namespace, name: target.name }];
  });
  return managed.sort((a, b) => compareStrings(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
}

function sortGroupKinds(groupKinds: Iterable<GroupKind>): GroupKind[] {
  return [...groupKinds].sort((a, b) => compareStrings(`${a.group}/${a.kind}`, `${b.group}/${b.kind}`));
}
