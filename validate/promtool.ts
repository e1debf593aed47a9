// The real promtool on rendered PrometheusRules: a PrometheusRule's .spec is exactly a Prometheus
// rules file, so each is extracted and checked with `promtool check rules --lint-fatal`.
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import * as yaml from "js-yaml";
import type { KubeObject } from "../constructs/synth.js";
import { type Finding, objectRef } from "./finding.js";

/** $SLIPWAY_PROMTOOL, else `promtool` on PATH, else undefined. */
export function findPromtool(): string | undefined {
  if (process.env.SLIPWAY_PROMTOOL) return process.env.SLIPWAY_PROMTOOL;
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(directory, "promtool");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RulesFile {
  readonly environment: string;
  /** `PrometheusRule/<namespace>/<name>`. */
  readonly object: string;
  /** File name, unique within a check. */
  readonly name: string;
  readonly content: string;
}

export function rulesFiles(environment: string, objects: readonly KubeObject[]): RulesFile[] {
  return objects
    .filter((object) => object.kind === "PrometheusRule")
    .map((object) => ({
      environment,
      object: objectRef(object),
      name: `${environment}__${object.metadata.namespace}__${object.metadata.name}.rules.yaml`,
      content: yaml.dump(object.spec, { noRefs: true, lineWidth: -1 }),
    }));
}

export interface PromtoolRun {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs promtool in a scratch directory holding `files`; the arguments name files by their names. */
export async function runPromtool(promtool: string, args: readonly string[], files: readonly { name: string; content: string }[]): Promise<PromtoolRun> {
  const directory = await mkdtemp(join(tmpdir(), "slipway-promtool-"));
  try {
    await Promise.all(files.map((file) => writeFile(join(directory, file.name), file.content)));
    return await new Promise((resolve) => {
      execFile(promtool, [...args], { cwd: directory, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const missing = (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
        resolve({ ok: error === null, output: missing ? `cannot run promtool: ${promtool} does not exist` : `${stdout}${stderr}` || (error?.message ?? "") });
      });
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** One finding per rules file promtool rejects, with promtool's own words. */
export async function checkRules(promtool: string, files: readonly RulesFile[]): Promise<Finding[]> {
  if (files.length === 0) return [];
  const run = await runPromtool(promtool, ["check", "rules", "--lint-fatal", ...files.map((file) => file.name)], files);
  if (run.ok) return [];
  // promtool lists every failure after its per-file summaries, each line starting "<file>: ".
  const lines = run.output.split("\n");
  const findings = files.flatMap((file) => {
    const detail = lines.filter((line) => line.startsWith(`${file.name}:`)).map((line) => line.slice(file.name.length + 1).trim());
    if (detail.length === 0) return [];
    return [{ environment: file.environment, object: file.object, path: "spec.groups", rule: "promtool/check-rules", severity: "error" as const, message: detail.join("; "), fix: "correct the rule (for custom alerts: services.<name>.alerts)" }];
  });
  return findings.length > 0
    ? findings
    : [{ environment: files[0]!.environment, object: files[0]!.object, path: "", rule: "promtool/check-rules", severity: "error", message: run.output.trim(), fix: "see promtool's output" }];
}
