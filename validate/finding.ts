// A problem found in a rendered object, said so that someone can fix it.
import { posix } from "node:path";
import type { KubeObject } from "../constructs/synth.js";

export type Severity = "error" | "warning";

export interface Finding {
  readonly environment: string;
  /** File of the object, relative to the environment (when known). */
  readonly file?: string;
  readonly object: string;
  readonly path: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix: string;
  /** Where in the file, 1-based, when the object was read from YAML (slipway validate). */
  readonly line?: number;
  readonly column?: number;
}

/** An object and the file it is written to or was read from (relative to its environment). */
export interface LocatedObject {
  readonly object: KubeObject;
  readonly file?: string;
  /** The line and column of a field path of the object in its file, when it was read from one. */
  readonly locate?: (path: string) => { readonly line: number; readonly column: number };
}

/** A finding about an object, with the object's file when known. */
export function findingAt(environment: string, located: LocatedObject, finding: Pick<Finding, "path" | "rule" | "severity" | "message" | "fix">): Finding {
  return { environment, object: objectRef(located.object), ...(located.file === undefined ? {} : { file: located.file }), ...finding, ...located.locate?.(finding.path) };
}

/** `Deployment/ai-api/auth-service`, or `Namespace/ai-api` for cluster-scoped objects. */
export function objectRef(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace === undefined ? `${object.kind}/${name}` : `${object.kind}/${namespace}/${name}`;
}

/** The finding's file as the environment's directory and the file in it make it (a kustomization's base: `overlays/prod/../../base/x.yaml` is `base/x.yaml`). */
export function findingFile(finding: Pick<Finding, "environment" | "file">): string | undefined {
  return finding.file === undefined ? undefined : posix.join(finding.environment, finding.file);
}

/**
 * `env/file:line:column: Kind/ns/name path: [rule] message — fix`
 * @param withFix end the line with the rule's fix (validate's report gives it once per rule instead)
 */
export function formatFinding(finding: Finding, withFix = true): string {
  const where = `${findingFile(finding) ?? finding.environment}${finding.line === undefined ? "" : `:${finding.line}:${finding.column ?? 1}`}`;
  const path = finding.path === "" ? "" : ` ${finding.path}`;
  return `${where}: ${finding.object}${path}: [${finding.rule}] ${finding.message}${withFix ? ` — ${finding.fix}` : ""}`;
}

/** Findings of rules that failed on their input: `internal/<rule>`. A run with one exits 3 (a bug in slipway), after reporting everything else. */
export const INTERNAL_RULE_PREFIX = "internal/";

/**
 * What a rule that threw on an input becomes: a finding naming the rule and the object (when one),
 * so that the other rules and objects are still checked and the report is still written.
 */
export function internalFinding(environment: string, located: LocatedObject | undefined, rule: string, error: unknown): Finding {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const finding = {
    path: "",
    rule: `${INTERNAL_RULE_PREFIX}${rule}`,
    severity: "error" as const,
    message: `rule ${rule} failed on this input (${detail.split("\n")[0]}); the other rules ran`,
    fix: "this is a bug in slipway, not in the manifest: please report it with this line",
  };
  return located === undefined ? { environment, object: "-", ...finding } : findingAt(environment, located, finding);
}

/**
 * Runs one rule, turning an exception into its internal finding — unless the object is malformed
 * (its schema findings say a field has the wrong type): a rule cannot read such an object, and the
 * schema finding already says what to fix.
 */
export function guarded(environment: string, located: LocatedObject | undefined, rule: string, check: () => Finding[], malformed = false): Finding[] {
  try {
    return check();
  } catch (error) {
    return malformed ? [] : [internalFinding(environment, located, rule, error)];
  }
}

/** Schema findings that mean an object's shape is not what rules can read: a field of the wrong type, or a model error. */
export const MALFORMING_RULES: ReadonlySet<string> = new Set(["schema/invalid-field", "schema/model"]);

/** The objects a schema finding calls malformed. */
export function malformedObjects(located: readonly LocatedObject[], findings: readonly Finding[]): Set<KubeObject> {
  const refs = new Set(findings.filter(({ rule, severity }) => severity === "error" && MALFORMING_RULES.has(rule)).map(({ object }) => object));
  return new Set(refs.size === 0 ? [] : located.filter(({ object }) => refs.has(objectRef(object))).map(({ object }) => object));
}
