// The synth command: spec → objects → validation → files. Nothing is written unless every
// environment resolves and every object validates.
import { type KubeObject, synthEnvironment } from "../constructs/synth.js";
import { graphReadme } from "../render/graph-readme.js";
import { layoutEnvironment, objectPath } from "../render/layout.js";
import { type RenderedEnvironment, writeOutput } from "../render/write.js";
import { type EnvironmentSpec, loadEnvironments } from "../spec/index.js";
import { buildGraph } from "../spec/graph.js";
import { type Finding, formatFinding } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import { checkRules, findPromtool, rulesFiles } from "../validate/promtool.js";
import { SchemaCatalog } from "../validate/schema.js";

export interface SynthOptions {
  /** Config file or directory. */
  readonly config: string;
  readonly outdir: string;
  /** Render only these environments (and prune nothing). @default every environment */
  readonly environments?: readonly string[];
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
}

export interface SynthResult {
  readonly environments: readonly { readonly name: string; readonly objects: number; readonly files: number }[];
  /** Things the user should know that do not stop the render (e.g. a check that could not run). */
  readonly notices: readonly string[];
}

export const PROMTOOL_MISSING =
  "promtool not found: PrometheusRules were not checked (install Debian's prometheus package or set SLIPWAY_PROMTOOL)";

export class ValidationFailed extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(`${findings.length} validation finding(s)`);
    this.name = "ValidationFailed";
  }
}

export class UsageError extends Error {
  override name = "UsageError";
}

export async function synth(options: SynthOptions): Promise<SynthResult> {
  const environments = selectEnvironments(await loadEnvironments(options.config), options.environments);
  const schemas = SchemaCatalog.load(options.schemas);
  const rendered = environments.map((environment) => renderEnvironment(environment, schemas));
  const promtool = findPromtool();
  const rules = rendered.flatMap(({ name, objects }) => rulesFiles(name, objects));
  const ruleFindings = promtool === undefined ? [] : await checkRules(promtool, rules);
  const findings = [...rendered.flatMap(({ findings }) => findings), ...ruleFindings];
  const errors = findings.filter(({ severity }) => severity === "error");
  if (errors.length > 0) throw new ValidationFailed(errors);
  await writeOutput(options.outdir, rendered, { prune: options.environments === undefined });
  return {
    environments: rendered.map(({ name, objects, files }) => ({ name, objects: objects.length, files: files.size })),
    notices: [...(promtool === undefined && rules.length > 0 ? [PROMTOOL_MISSING] : []), ...findings.map((finding) => `warning: ${formatFinding(finding)}`)],
  };
}

/** One environment rendered in memory and put through the validation gate. */
export function renderEnvironment(environment: EnvironmentSpec, schemas: SchemaCatalog): RenderedEnvironment & { objects: KubeObject[]; findings: Finding[] } {
  const graph = buildGraph(environment);
  const objects = synthEnvironment(environment, graph);
  const located = objects.map((object) => ({ object, file: objectPath(object) }));
  // slipway's own pods always meet "restricted", even where a namespace enforces only "baseline".
  const findings = runGate(environment.name, located, { profile: "restricted", schemas, prometheusSelector: environment.prometheus.operator ? environment.prometheus.selector : undefined });
  return { name: environment.name, objects, findings, files: layoutEnvironment(objects, { "README.md": graphReadme(environment, graph) }) };
}

function selectEnvironments(environments: EnvironmentSpec[], wanted: readonly string[] | undefined): EnvironmentSpec[] {
  if (wanted === undefined) return environments;
  const names = environments.map(({ name }) => name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown environment ${unknown.join(", ")}; the config defines ${names.join(", ")}`);
  return environments.filter(({ name }) => wanted.includes(name));
}
