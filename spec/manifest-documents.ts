// The Kubernetes objects of a YAML manifest file, read as kubectl reads it (YAML 1.1): every
// document (a list's items too), each within
// the input limits and an object with apiVersion, kind and metadata.name. Shared by `slipway
// validate` and the extra manifests a config names.
import * as yaml from "js-yaml";
import type { FieldPath } from "./issues.js";
import { inputLimitProblem } from "./input-limits.js";

export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface ManifestProblem {
  readonly kind: "yaml" | "limit" | "not-a-manifest" | "unnamed";
  readonly message: string;
  /** Where in the document, for a limit. */
  readonly path?: FieldPath;
}

export interface ManifestDocumentOptions {
  /**
   * Accept an object named by metadata.generateName alone (the API server names it on create);
   * it is identified as `<generateName>*`. Off for manifests slipway writes: kubectl apply and
   * kustomize need a name. @default false
   */
  readonly generateName?: boolean;
  /**
   * Keep an object with apiVersion and kind but no name (a minimal fixture), named
   * `(document N)`, and report it as an "unnamed" problem, so that its other problems are still
   * found. @default false: it is not a manifest
   */
  readonly unnamed?: boolean;
}

/** Where an object is in its file: the document, and the item of a list (`items.N`). */
export interface ManifestOrigin {
  readonly document: number;
  readonly prefix: readonly string[];
}

export function manifestDocuments(text: string, options: ManifestDocumentOptions = {}): { objects: ManifestObject[]; origins: ManifestOrigin[]; problems: ManifestProblem[] } {
  const objects: ManifestObject[] = [];
  const origins: ManifestOrigin[] = [];
  const problems: ManifestProblem[] = [];
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, { schema: yaml.YAML11_SCHEMA }).map(asApiServerReads);
  } catch (error) {
    return { objects, origins, problems: [{ kind: "yaml", message: (error as Error).message.split("\n")[0]! }] };
  }
  for (const [index, document] of documents.entries()) {
    const problem = inputLimitProblem(document);
    if (problem !== undefined) {
      problems.push({ kind: "limit", message: `document ${index + 1} ${problem.message}`, path: problem.path });
      continue;
    }
    const items = listItems(document);
    for (const [itemIndex, candidate] of items.entries()) {
      const origin = { document: index, prefix: items.length === 1 && items[0] === document ? [] : ["items", String(itemIndex)] };
      if (candidate === null || candidate === undefined) continue;
      const object = (options.generateName === true ? generatedName(candidate) : candidate) as Partial<ManifestObject>;
      if (typeof object.apiVersion === "string" && object.apiVersion.startsWith("kustomize.config.k8s.io/")) continue;
      const missing = typeof object !== "object" ? ["apiVersion", "kind", "metadata.name"] : [typeof object.apiVersion === "string" && object.apiVersion !== "" ? [] : ["apiVersion"], typeof object.kind === "string" && object.kind !== "" ? [] : ["kind"], typeof object.metadata?.name === "string" ? [] : ["metadata.name"]].flat();
      if (options.unnamed === true && missing.length === 1 && missing[0] === "metadata.name" && (object.metadata === undefined || (typeof object.metadata === "object" && object.metadata !== null))) {
        problems.push({ kind: "unnamed", message: `document ${index + 1} (${object.kind}) has no metadata.name (nor generateName): the API server refuses it; checked as "(document ${index + 1})"` });
        objects.push({ ...(object as ManifestObject), metadata: { ...(object.metadata ?? {}), name: `(document ${index + 1})` } });
        origins.push(origin);
      } else if (missing.length > 0) {
        problems.push({ kind: "not-a-manifest", message: `document ${index + 1} is not a Kubernetes object: it has no ${missing.join(", no ")}` });
      } else {
        objects.push(object as ManifestObject);
        origins.push(origin);
      }
    }
  }
  return { objects, origins, problems };
}

/**
 * A document as the API server gets it. kubectl reads YAML as Go's YAML 1.1 parser does (merge
 * keys, `0644` octal, `on`/`off`/`yes`/`no` booleans): the YAML 1.1 schema reads it the same way;
 * its timestamps, which Go turns into RFC 3339 text, become that text; and a field set to null
 * (`creationTimestamp: null`, `annotations: null`) is a field not set.
 */
export function asApiServerReads(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().replace(/\.000Z$/, "Z");
  if (typeof value !== "object" || value === null) return value;
  // One pass; a value with nothing to change is handed back as it is, not copied.
  let changed = false;
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const read = asApiServerReads(item);
      changed ||= read !== item;
      return read;
    });
    return changed ? items : value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null) {
      changed = true;
      continue;
    }
    const read = asApiServerReads(field);
    changed ||= read !== field;
    result[key] = read;
  }
  return changed ? result : value;
}

/**
 * A document, or the items of a list: `List`, and every typed list (`ConfigMapList`, `RoleList`, …)
 * whose items the API server returns without apiVersion and kind — those are the list's.
 */
function listItems(document: unknown): unknown[] {
  const list = document as { apiVersion?: unknown; kind?: unknown; items?: unknown } | null;
  if (typeof list?.kind !== "string" || !list.kind.endsWith("List") || !Array.isArray(list.items)) return [document];
  if (list.kind === "List") return list.items;
  const kind = list.kind.slice(0, -"List".length);
  return list.items.map((item) => (typeof item === "object" && item !== null && !Array.isArray(item) ? { apiVersion: list.apiVersion, kind, ...item } : item));
}

function generatedName(candidate: unknown): unknown {
  const metadata = (candidate as { metadata?: { name?: unknown; generateName?: unknown } } | null)?.metadata;
  if (metadata === undefined || metadata === null || metadata.name !== undefined || typeof metadata.generateName !== "string") return candidate;
  return { ...(candidate as object), metadata: { ...metadata, name: `${metadata.generateName}*` } };
}
