// The rendered objects of one environment before and after a change, paired by identity (group,
// kind, namespace, name) rather than by file, so a moved file is a change and not a deletion.
import * as yaml from "js-yaml";
import { groupOf } from "../constructs/gitops/rendered-output.js";
import type { KubeObject } from "../constructs/synth.js";
import { compareStrings } from "../spec/order.js";
import { canonical } from "../spec/json-values.js";

export type Json = Record<string, any>;

export interface ObjectChange {
  readonly change: "added" | "modified" | "deleted";
  /** `Kind namespace/name`. */
  readonly ref: string;
  readonly kind: string;
  /** The service the object belongs to (`app.kubernetes.io/name`), or its own name. */
  readonly service: string;
  readonly before?: Json;
  readonly after?: Json;
}

/** The objects of YAML files (several documents each, or none); what is not an object is left out. */
export function objectsOf(contents: readonly string[]): KubeObject[] {
  return contents.flatMap((content) => {
    try {
      return (yaml.loadAll(content) as unknown[]).filter(isObject);
    } catch {
      return [];
    }
  });
}

function isObject(value: unknown): value is KubeObject {
  const object = value as Json | null;
  return typeof object?.kind === "string" && typeof object.metadata?.name === "string";
}

export function objectRef(object: KubeObject | Json): string {
  const namespace = object.metadata?.namespace;
  return `${object.kind} ${typeof namespace === "string" ? `${namespace}/` : ""}${object.metadata?.name}`;
}

function identity(object: KubeObject): string {
  return `${groupOf(object.apiVersion)} ${objectRef(object)}`;
}

export function serviceOf(object: Json): string {
  return object.metadata?.labels?.["app.kubernetes.io/name"] ?? object.metadata?.name;
}

/** Added, modified (different content) and deleted objects, sorted by service then object. */
export function objectChanges(before: readonly KubeObject[], after: readonly KubeObject[]): ObjectChange[] {
  const previous = new Map(before.map((object) => [identity(object), object]));
  const changes: ObjectChange[] = [];
  for (const object of after) {
    const old = previous.get(identity(object));
    previous.delete(identity(object));
    if (old === undefined) changes.push({ change: "added", ref: objectRef(object), kind: object.kind, service: serviceOf(object), after: object });
    else if (canonical(old) !== canonical(object)) changes.push({ change: "modified", ref: objectRef(object), kind: object.kind, service: serviceOf(object), before: old, after: object });
  }
  for (const object of previous.values()) changes.push({ change: "deleted", ref: objectRef(object), kind: object.kind, service: serviceOf(object), before: object });
  return changes.sort((a, b) => compareStrings(a.service, b.service) || compareStrings(a.ref, b.ref));
}
