// What `slipway validate` prints: JSON for CI, or text for people — one line per distinct finding
// (the same finding of several objects or files folded into one line with a count), notices, and
// a summary by rule with what the exceptions covered.
import { compareStrings } from "../spec/order.js";
import { type Finding, findingFile, formatFinding } from "../validate/finding.js";
import type { ValidateResult } from "./validate.js";

export interface ValidateSummary {
  readonly objects: number;
  readonly environments: number;
  readonly errors: number;
  readonly warnings: number;
  readonly byRule: Record<string, number>;
  /** Findings per file (relative to the working directory); findings with no file are not counted. */
  readonly byFile: Record<string, number>;
}

export function validateSummary(result: ValidateResult): ValidateSummary {
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  const byRule: Record<string, number> = {};
  for (const { rule } of [...result.findings].sort((a, b) => compareStrings(a.rule, b.rule))) byRule[rule] = (byRule[rule] ?? 0) + 1;
  const byFile: Record<string, number> = {};
  for (const file of result.findings.map(findingFile).filter((file): file is string => file !== undefined).sort(compareStrings)) byFile[file] = (byFile[file] ?? 0) + 1;
  return { objects: result.objects, environments: result.environments, errors, warnings: result.findings.length - errors, byRule, byFile };
}

export function validateJson(result: ValidateResult): string {
  return JSON.stringify({ findings: result.findings, notices: result.notices, excepted: result.excepted, summary: validateSummary(result) }, null, 2);
}

/** A line per finding without its fix; the summary gives each rule's fix once. */
export function validateText(result: ValidateResult): string[] {
  const summary = validateSummary(result);
  const fixes = new Map(result.findings.map(({ rule, fix }) => [rule, fix]));
  return [
    ...foldedFindings(result.findings),
    ...result.notices.map((notice) => `notice: ${notice}`),
    `${summary.objects} objects in ${summary.environments} environment(s): ${summary.errors} error(s), ${summary.warnings} warning(s)${Object.keys(summary.byFile).length === 0 ? "" : ` in ${Object.keys(summary.byFile).length} file(s)`}`,
    ...Object.entries(summary.byRule).map(([rule, count]) => `  ${rule}: ${count} — ${fixes.get(rule)}`),
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
    const line = `${first!.severity === "warning" ? "warning: " : ""}${formatFinding(first!, false)}`;
    if (others.length === 0) return line;
    const where = others.slice(0, 3).map((finding) => (finding.file === undefined ? finding.object : `${findingFile(finding)}${finding.line === undefined ? "" : `:${finding.line}`}`));
    return `${line} (and ${others.length} more like it: ${where.join(", ")}${others.length > 3 ? ", …" : ""})`;
  });
}


/** GitHub Actions workflow commands: an annotation per finding on its file and line. */
export function validateGithub(result: ValidateResult): string[] {
  const data = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (text: string) => data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  return [
    ...result.findings.map((finding) => {
      const file = findingFile(finding);
      const where = [...(file === undefined ? [] : [`file=${property(file)}`]), ...(finding.line === undefined ? [] : [`line=${finding.line}`, `col=${finding.column ?? 1}`]), `title=${property(finding.rule)}`];
      return `::${finding.severity} ${where.join(",")}::${data(`${finding.object}${finding.path === "" ? "" : ` ${finding.path}`}: ${finding.message} — ${finding.fix}`)}`;
    }),
    ...result.notices.map((notice) => `::notice title=slipway validate::${data(notice)}`),
  ];
}

/** SARIF 2.1.0, for code scanning: one result per finding, each rule with its fix as help. */
export function validateSarif(result: ValidateResult, version: string): string {
  const rules = [...new Map(result.findings.map((finding) => [finding.rule, finding.fix])).entries()].sort(([a], [b]) => compareStrings(a, b));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "slipway", version, rules: rules.map(([id, fix]) => ({ id, shortDescription: { text: id }, help: { text: fix } })) } },
        results: result.findings.map((finding) => {
          const file = findingFile(finding);
          return {
            ruleId: finding.rule,
            level: finding.severity,
            message: { text: `${finding.object}${finding.path === "" ? "" : ` ${finding.path}`}: ${finding.message}` },
            ...(file === undefined
              ? {}
              : { locations: [{ physicalLocation: { artifactLocation: { uri: file }, ...(finding.line === undefined ? {} : { region: { startLine: finding.line, startColumn: finding.column ?? 1 } }) } }] }),
          };
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
