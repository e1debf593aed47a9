// The real promtool on rendered PrometheusRules: a PrometheusRule's .spec is exactly a Prometheus
// rules file, so each is extracted and checked with `promtool check rules --lint-fatal`.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as yaml from "js-yaml";
import type { KubeObject } from "../constructs/synth.js";
import { upperCamel } from "../spec/case.js";
import { executableOnPath } from "./executable-on-path.js";
import { type Finding, objectRef } from "./finding.js";
import { digestOf, PromtoolVerdicts } from "./promtool-verdicts.js";

/** $SLIPWAY_PROMTOOL, else `promtool` on PATH, else undefined. */
export function findPromtool(): string | undefined {
  return process.env.SLIPWAY_PROMTOOL || executableOnPath("promtool");
}

export interface RulesFile {
  readonly environment: string;
  /** `PrometheusRule/<namespace>/<name>`. */
  readonly object: string;
  /** File name, unique within a check. */
  readonly name: string;
  /** Of the spec's JSON: what promtool's verdict is remembered by (PromtoolVerdicts). */
  readonly digest: string;
  /** What checking the file takes; left out when promtool accepted its digest before. */
  readonly unchecked?: UncheckedRules;
}

export interface UncheckedRules {
  /**
   * The PrometheusRule's spec — exactly a Prometheus rules file — as JSON: a string is a fraction
   * of the object's memory and crosses from a worker thread as one copy.
   */
  readonly json: string;
  /** Equal for rules files that promtool accepts or rejects alike (see ruleShape). */
  readonly shape: string;
}

/** @param verdicts the files whose digests promtool accepted before are left unchecked */
export function rulesFiles(environment: string, objects: readonly KubeObject[], verdicts?: PromtoolVerdicts): RulesFile[] {
  return objects
    .filter((object) => object.kind === "PrometheusRule")
    .map((object) => {
      const json = JSON.stringify(object.spec);
      const digest = digestOf(json);
      const file = { environment, object: objectRef(object), name: `${environment}__${object.metadata.namespace}__${object.metadata.name}.rules.yaml`, digest };
      if (verdicts?.accepted(digest) === true) return file;
      return { ...file, unchecked: { json, shape: ruleShape(object.spec, [object.metadata.name, object.metadata.namespace ?? "", environment], json) } };
    });
}

type PendingRulesFile = RulesFile & { readonly unchecked: UncheckedRules };

function rulesFileContent(file: PendingRulesFile): string {
  return yaml.dump(JSON.parse(file.unchecked.json), { noRefs: true, lineWidth: -1 });
}

/**
 * Stands for a letter or digit of a name in a shape: control characters, which JSON.stringify
 * always escapes, so they never occur in the JSON being masked.
 */
const MASK = { lower: "\x01", upper: "\x02", digit: "\x03" } as const;

/**
 * Rules files that differ only in the names of their service, namespace and environment (and the
 * CamelCase and lower-case forms alert names and runbook URLs use) get the same shape when each
 * letter and digit of those names is masked by its class: promtool's verdict cannot tell them
 * apart, so one file per shape is checked. Names reach rules as label values, quoted matcher
 * values, annotations and group, record and alert names; a file where a name appears anywhere a
 * letter could change the syntax (a PromQL expression outside quotes, a regular expression, a
 * template action) gets a shape of its own.
 */
export function ruleShape(spec: unknown, names: readonly string[], json = JSON.stringify(spec)): string {
  const forms = [...new Set(names.filter(Boolean).flatMap((name) => [name, upperCamel(name), upperCamel(name).toLowerCase()]))].sort((a, b) => b.length - a.length);
  const unique = () => digestOf(`unique:${json}`);
  if (forms.length === 0) return unique();
  for (const group of ((spec as { groups?: { rules?: { expr?: unknown; annotations?: Record<string, unknown> }[] }[] } | undefined)?.groups ?? [])) {
    for (const rule of group.rules ?? []) {
      if (typeof rule.expr === "string" && namesOutsideLabelValues(rule.expr, forms)) return unique();
      for (const value of Object.values(rule.annotations ?? {})) {
        if (typeof value === "string" && templateActions(value).some((action) => forms.some((form) => action.includes(form)))) return unique();
      }
    }
  }
  // Which names equal which: "a"/"b" and "a"/"a" must not share a shape.
  const equalities = names.map((name) => names.indexOf(name)).join(",");
  // Longest form first, so a name that contains another is masked whole.
  const masked = forms.reduce((text, form) => text.replaceAll(form, maskOf(form)), json);
  return digestOf(`${equalities}:${masked}`);
}

/** The "{{ … }}" template actions of a text, found by a scan (a lazy pattern rescans to the end from every unclosed "{{"). */
function templateActions(text: string): string[] {
  const actions: string[] = [];
  for (let open = text.indexOf("{{"); open !== -1; ) {
    const close = text.indexOf("}}", open + 2);
    if (close === -1) break;
    actions.push(text.slice(open, close + 2));
    open = text.indexOf("{{", close + 2);
  }
  return actions;
}

/** Whether a name occurs in an expression other than inside the quoted value of an = or != matcher. */
function namesOutsideLabelValues(expr: string, forms: readonly string[]): boolean {
  const outside = expr.replace(/(!?=)\s*"(?:[^"\\]|\\.)*"/g, '$1""');
  return forms.some((form) => outside.includes(form));
}

const masks = new Map<string, string>();
function maskOf(name: string): string {
  let mask = masks.get(name);
  if (mask === undefined) {
    mask = name.replace(/[a-z]/g, MASK.lower).replace(/[A-Z]/g, MASK.upper).replace(/[0-9]/g, MASK.digit);
    masks.set(name, mask);
  }
  return mask;
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

/**
 * Checks the rules files promtool did not accept before, one per shape; when promtool rejects any,
 * checks every file of the rejected shapes for a finding per file, in promtool's own words.
 */
export async function checkRules(promtool: string, files: readonly RulesFile[], verdicts = PromtoolVerdicts.for(promtool)): Promise<Finding[]> {
  const pending = files.filter((file): file is PendingRulesFile => file.unchecked !== undefined && !verdicts.accepted(file.digest));
  const shapes = new Map(pending.map((file) => [file, file.unchecked.shape]));
  const representatives = [...new Map(pending.map((file) => [shapes.get(file), file])).values()];
  const check = await checkEach(promtool, representatives);
  if (check.rejected === undefined) return check.findings;
  const rejectedShapes = new Set([...check.rejected].map((file) => shapes.get(file)));
  verdicts.recordAccepted(pending.filter((file) => !rejectedShapes.has(shapes.get(file))).map((file) => file.digest));
  if (rejectedShapes.size === 0) return [];
  return (await checkEach(promtool, pending.filter((file) => rejectedShapes.has(shapes.get(file))))).findings;
}

interface RulesCheck {
  readonly findings: Finding[];
  /** The files promtool rejected; undefined when it failed without naming any (it could not run). */
  readonly rejected: ReadonlySet<PendingRulesFile> | undefined;
}

/** One finding per rules file promtool rejects, with promtool's own words. */
async function checkEach(promtool: string, files: readonly PendingRulesFile[]): Promise<RulesCheck> {
  if (files.length === 0) return { findings: [], rejected: new Set() };
  const run = await runPromtool(promtool, ["check", "rules", "--lint-fatal", ...files.map((file) => file.name)], files.map((file) => ({ name: file.name, content: rulesFileContent(file) })));
  if (run.ok) return { findings: [], rejected: new Set() };
  // promtool lists every failure after its per-file summaries, each line starting "<file>: ".
  const lines = run.output.split("\n");
  const rejected = new Set<PendingRulesFile>();
  const findings = files.flatMap((file) => {
    const detail = lines.filter((line) => line.startsWith(`${file.name}:`)).map((line) => line.slice(file.name.length + 1).trim());
    if (detail.length === 0) return [];
    rejected.add(file);
    return [{ environment: file.environment, object: file.object, path: "spec.groups", rule: "promtool/check-rules", severity: "error" as const, message: detail.join("; "), fix: "correct the rule (for custom alerts: services.<name>.alerts)" }];
  });
  if (findings.length > 0) return { findings, rejected };
  return {
    findings: [{ environment: files[0]!.environment, object: files[0]!.object, path: "", rule: "promtool/check-rules", severity: "error", message: run.output.trim(), fix: "see promtool's output" }],
    rejected: undefined,
  };
}
