// What `slipway validate` prints: JSON for CI, or text for people — one line per distinct finding
// (the same finding of several objects or files folded into one line with a count), notices, and
// a summary by rule with what the exceptions covered.
import { compareStrings } from "../spec/order.js";
import { type Finding, formatFinding } from "../validate/finding.js";
import type { ValidateResult } from "./validate.js";

export interface ValidateSummary {
  readonly objects: number;
  readonly environments: number;
  readonly errors: number;
  readonly warnings: number;
  readonly byRule: Record<string, number>;
}

export function validateSummary(result: ValidateResult): ValidateSummary {
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const byRule: Record<string, number> = {};
  for (const { rule } of [...result.findings].sort((a, b) => compareStrings(a.rule, b.rule))) byRule[rule] = (byRule[rule] ?? 0) + 1;
  return { objects: result.objects, environments: result.environments, errors, warnings: result.findings.length - errors, byRule };
}

export function validateJson(result: ValidateResult): string {
  return JSON.stringify({ findings: result.findings, notices: result.notices, excepted: result.excepted, summary: validateSummary(result) }, null, 2);
}

export function validateText(result: ValidateResult): string[] {
  const summary = validateSummary(result);
  return [
    ...foldedFindings(result.findings),
    ...result.notices.map((notice) => `notice: ${notice}`),
    `${summary.objects} objects in ${summary.environments} environment(s): ${summary.errors} error(s), ${summary.warnings} warning(s)`,
    ...Object.entries(summary.byRule).map(([rule, count]) => `  ${rule}: ${count}`),
    ...result.excepted.map(({ rule, reason, count }) => `  excepted ${rule}: ${count} (${reason})`),
  ];
}

/** A line per finding; findings that differ only in their object or file are one line, with how many there are and where. */
function foldedFindings(findings: readonly Finding[]): string[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = [finding.severity, finding.rule, finding.path, finding.message, finding.fix].join("\0");
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map(([first, ...others]) => {
    const line = `${first!.severity === "warning" ? "warning: " : ""}${formatFinding(first!)}`;
    if (others.length === 0) return line;
    const where = others.slice(0, 3).map((finding) => (finding.file === undefined ? finding.object : `${finding.environment}/${finding.file}`));
    return `${line} (and ${others.length} more like it: ${where.join(", ")}${others.length > 3 ? ", …" : ""})`;
  });
}
