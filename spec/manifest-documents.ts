// The Kubernetes objects of a YAML manifest file: every document (a List's items too), each within
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
  readonly kind: "yaml" | "limit" | "not-a-manifest";
  readonly message: string;
  /** Where in the document, for a limit. */
  readonly path?: FieldPath;
}

export function manifestDocuments(text: string): { objects: ManifestObject[]; problems: ManifestProblem[] } {
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text);
  } catch (error) {
    return { objects, problems: [{ kind: "yaml", message: (error as Error).message.split("\n")[0]! }] };
  }
  for (const [index, document] of documents.entries()) {
    const problem = inputLimitProblem(document);
    if (problem !== undefined) {
      problems.push({ kind: "limit", message: `document ${index + 1} ${problem.message}`, path: problem.path });
      continue;
    }
    for (const candidate of (document as ManifestObject | null)?.kind === "List" ? ((document as { items?: unknown[] }).items ?? []) : [document]) {
      if (candidate === null || candidate === undefined) continue;
      const object = candidate as Partial<ManifestObject>;
      if (typeof object.apiVersion === "string" && object.apiVersion.startsWith("kustomize.config.k8s.io/")) continue;
      if (typeof object !== "object" || typeof object.apiVersion !== "string" || typeof object.kind !== "string" || typeof object.metadata?.name !== "string") {
        problems.push({ kind: "not-a-manifest", message: `document ${index + 1} is not a Kubernetes object` });
      } else {
        objects.push(object as ManifestObject);
      }
    }
  }
  return { objects, problems };
}
