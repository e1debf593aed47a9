// An environment's patches applied to its rendered objects, before validation: each patch changes
// the one object its target names. What went wrong is returned, never thrown, so every problem of
// every patch is reported at once with the patch's file and index.
import fastJsonPatch from "fast-json-patch";
import type { KubeObject } from "../constructs/synth.js";
import { type FieldPath, formatPath, type SpecIssue } from "../spec/issues.js";
import type { EnvironmentSpec } from "../spec/schema/environment-spec.js";
import { asApiServerReads } from "../spec/manifest-documents.js";
import { applyMergePatch } from "../spec/merge-patch.js";
import type { PatchSpec } from "../spec/schema/patches.js";

export const PATCH_REASONS_ANNOTATION = "slipway.dev/patch-reasons";

export interface PatchProblem {
  /** Index of the patch in the environment's `patches`. */
  readonly index: number;
  /** Field of the patch at fault, below `patches[index]`. */
  readonly path: FieldPath;
  readonly message: string;
}

export interface PatchedObjects {
  readonly objects: readonly KubeObject[];
  /** Indices of the patches that found their target here. */
  readonly applied: number[];
  readonly problems: PatchProblem[];
}

function targets(patch: PatchSpec, object: KubeObject): boolean {
  return object.kind === patch.target.kind && object.metadata.name === patch.target.name && object.metadata.namespace === patch.target.namespace;
}

export function applyPatches(objects: readonly KubeObject[], patches: readonly PatchSpec[]): PatchedObjects {
  const applied: number[] = [];
  const problems: PatchProblem[] = [];
  if (patches.length === 0) return { objects, applied, problems };
  const patched = objects.map((object) => {
    let result = object;
    const reasons: { patch: number; reason: string }[] = [];
    patches.forEach((patch, index) => {
      if (!targets(patch, object)) return;
      applied.push(index);
      const outcome = applyOne(result, patch, index);
      if ("problem" in outcome) {
        problems.push(outcome.problem);
        return;
      }
      const { kind, apiVersion, metadata } = outcome.object;
      if (kind !== object.kind || apiVersion !== object.apiVersion || metadata?.name !== object.metadata.name || metadata?.namespace !== object.metadata.namespace) {
        problems.push({ index, path: [], message: "the patch changes the object's apiVersion, kind, name or namespace: it would make another object; patch fields of this one only" });
        return;
      }
      // A JSON patch may set a field to null: the object is read as the API server reads it (not set).
      result = asApiServerReads(outcome.object) as KubeObject;
      if (patch.reason !== undefined) reasons.push({ patch: index, reason: patch.reason });
    });
    return reasons.length === 0 ? result : withAnnotation(result, PATCH_REASONS_ANNOTATION, JSON.stringify(reasons));
  });
  return { objects: patched, applied, problems };
}

function applyOne(object: KubeObject, patch: PatchSpec, index: number): { object: KubeObject } | { problem: PatchProblem } {
  if (patch.mergePatch !== undefined) return { object: applyMergePatch(object, patch.mergePatch) as KubeObject };
  const operations = patch.jsonPatch!;
  const document = structuredClone(object) as Record<string, unknown>;
  for (const [position, operation] of operations.entries()) {
    try {
      fastJsonPatch.applyOperation(document, operation as fastJsonPatch.Operation, true, true, true);
    } catch (error) {
      return { problem: { index, path: ["jsonPatch", position], message: describeFailure(error, operation.path) } };
    }
  }
  return { object: document as unknown as KubeObject };
}

function describeFailure(error: unknown, path: string): string {
  const name = (error as { name?: string }).name;
  if (name === "TEST_OPERATION_FAILED") return `the test at ${path} failed: the rendered value differs`;
  if (name === "OPERATION_PATH_UNRESOLVABLE" || name === "OPERATION_FROM_UNRESOLVABLE") return `${path} does not exist in the rendered object: check the path against the rendered YAML (add creates only the last step)`;
  if (name === "OPERATION_PATH_ILLEGAL_ARRAY_INDEX" || name === "OPERATION_VALUE_OUT_OF_BOUNDS") return `${path} is not a valid index of that list (use a number within it, or "-" to append)`;
  return `the operation on ${path} fails: ${(error as Error).message.split("\n")[0]}`;
}

function withAnnotation(object: KubeObject, key: string, value: string): KubeObject {
  const metadata = object.metadata as KubeObject["metadata"] & { annotations?: Record<string, string> };
  return { ...object, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), [key]: value } } };
}

/** What went wrong with the environment's patches: failures, then the patches no rendered object was the target of. */
export function patchProblemsOf(environment: EnvironmentSpec, applied: ReadonlySet<number>, failures: readonly PatchProblem[]): PatchProblem[] {
  const missing = environment.patches.flatMap((patch, index): PatchProblem[] => {
    if (applied.has(index)) return [];
    const { kind, name, namespace } = patch.target;
    return [{ index, path: ["target"], message: `no rendered object is ${kind} ${namespace === undefined ? "" : `${namespace}/`}${name}: name the kind, the Kubernetes namespace (e.g. shop-dev) and the name of an object in dist/${environment.name}/` }];
  });
  return [...failures, ...missing].sort((a, b) => a.index - b.index);
}

/** A patch problem as a spec issue: blamed on the file and field of the patch. */
export function patchIssue(environment: EnvironmentSpec, problem: PatchProblem): SpecIssue {
  const source = environment.source ?? { file: environment.name, prefix: [] };
  return { file: source.file, path: formatPath([...source.prefix, "patches", problem.index, ...problem.path]), message: problem.message };
}
