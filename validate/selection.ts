// What `slipway validate` checks and reports: rules and rule families, kinds skipped, paths
// ignored, missing schemas tolerated, the lowest severity shown, and exceptions with a reason.
// Given on the command line or in a repository config file (validate/validate-config.ts).
import picomatch from "picomatch";
import type { Finding, Severity } from "./finding.js";

export interface RuleException {
  /** A rule id (pss/privileged) or family (pss, schema, xo). */
  readonly rule: string;
  /** Only objects of this kind. @default every kind */
  readonly kind?: string;
  /** Only objects in this namespace. @default every namespace */
  readonly namespace?: string;
  /** Only the object of this name. @default every name */
  readonly name?: string;
  /** Only objects in files matching this glob (relative to the working directory). @default every file */
  readonly file?: string;
  /** Why the finding does not apply: required, shown in the summary. */
  readonly reason: string;
}

export interface ValidationSelection {
  /** Report only these rules: ids or families. @default every rule */
  readonly rules?: readonly string[];
  /** Report none of these rules: ids or families. @default none */
  readonly excludeRules?: readonly string[];
  /** Kinds not validated: `Kind` or `apiVersion/Kind`. Their objects still count as references for the cross-object rules. @default none */
  readonly skipKinds?: readonly string[];
  /** A kind without a schema is a notice, not a schema/unknown-kind error. @default false */
  readonly ignoreMissingSchemas?: boolean;
  /** Files and directories not read: globs relative to the working directory. @default none */
  readonly ignorePaths?: readonly string[];
  /** The lowest severity reported. @default "warning" (everything) */
  readonly severity?: Severity;
  /** Findings that do not apply, each with its reason. @default none */
  readonly exceptions?: readonly RuleException[];
}

/** Rules that are always reported: unreadable input, and slipway's own failures. */
const ALWAYS_REPORTED = ["input", "internal"];

/** Whether `rule` is `pattern` or in the family `pattern` names. */
export function ruleMatches(rule: string, pattern: string): boolean {
  return rule === pattern || rule.startsWith(`${pattern}/`);
}

/** Whether a finding of `rule` is reported under the selection. */
export function ruleSelected(rule: string, selection: ValidationSelection): boolean {
  if (ALWAYS_REPORTED.some((family) => ruleMatches(rule, family))) return true;
  if (selection.rules !== undefined && selection.rules.length > 0 && !selection.rules.some((pattern) => ruleMatches(rule, pattern))) return false;
  return !(selection.excludeRules ?? []).some((pattern) => ruleMatches(rule, pattern));
}

/** Whether objects of this apiVersion and kind are skipped. */
export function kindSkipped(apiVersion: string, kind: string, selection: ValidationSelection): boolean {
  return (selection.skipKinds ?? []).some((skipped) => skipped === kind || skipped === `${apiVersion}/${kind}`);
}

/** A matcher of the ignored paths; relative paths, "/" separated. */
export function ignoredPaths(selection: ValidationSelection): (path: string) => boolean {
  const globs = selection.ignorePaths ?? [];
  if (globs.length === 0) return () => false;
  const matches = picomatch([...globs], { dot: true });
  // A directory glob (`vendor/**`, `charts`) also ignores what is inside.
  return (path) => matches(path) || path.split("/").some((_, index, parts) => matches(parts.slice(0, index + 1).join("/")));
}

/** The exception a finding falls under, if any. @param file the finding's file relative to the working directory */
export function exceptionFor(finding: Finding, file: string | undefined, selection: ValidationSelection): RuleException | undefined {
  const [kind, ...rest] = finding.object.split("/");
  const name = rest.at(-1);
  const namespace = rest.length === 2 ? rest[0] : undefined;
  return (selection.exceptions ?? []).find(
    (exception) =>
      ruleMatches(finding.rule, exception.rule) &&
      (exception.kind === undefined || exception.kind === kind) &&
      (exception.namespace === undefined || exception.namespace === namespace) &&
      (exception.name === undefined || exception.name === name) &&
      (exception.file === undefined || (file !== undefined && picomatch.isMatch(file, exception.file, { dot: true }))),
  );
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { warning: 0, error: 1 };
