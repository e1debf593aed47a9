// Rendering in memory: spec → objects → validation findings → files, for every environment and,
// when the platform declares GitOps delivery, for argocd/. synth writes the result, check compares
// it with what is committed, publish commits it to the output repository.
import type { RenderedEnvironmentOutput } from "../constructs/gitops/environment-application.js";
import { synthArgoCd } from "../constructs/gitops/argocd-chart.js";
import { type KubeObject, synthEnvironment } from "../constructs/synth.js";
import { gitopsSettings } from "../gitops/targets.js";
import { argoCdReadme } from "../render/argocd-readme.js";
import { graphReadme } from "../render/graph-readme.js";
import { argoCdPath, layoutArgoCd, layoutEnvironment, objectPath } from "../render/layout.js";
import type { RenderedEnvironment } from "../render/write.js";
import { type EnvironmentSpec, loadEnvironments } from "../spec/index.js";
import { buildGraph } from "../spec/graph.js";
import type { Finding } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import { checkRules, findPromtool, rulesFiles } from "../validate/promtool.js";
import { SchemaCatalog } from "../validate/schema.js";
import { UsageError } from "./errors.js";

export interface RenderOptions {
  /** Config file or directory. */
  readonly config: string;
  /** Render only these environments; argocd/ is then not rendered. @default every environment */
  readonly environments?: readonly string[];
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
  /** Check PrometheusRules with promtool when it is installed. @default true */
  readonly promtool?: boolean;
}

export interface RenderedOutput extends RenderedEnvironment {
  readonly objects: readonly KubeObject[];
  readonly findings: readonly Finding[];
}

export interface Rendering {
  readonly environments: readonly RenderedOutput[];
  /** argocd/, when the platform declares `gitops` and every environment was rendered. */
  readonly argocd?: RenderedOutput;
  /** True when every environment was rendered: output of environments not rendered is stale. */
  readonly complete: boolean;
  /** Every finding (errors and warnings), promtool's included. */
  readonly findings: readonly Finding[];
  /** Things the user should know that do not stop the render (e.g. a check that could not run). */
  readonly notices: readonly string[];
}

export const PROMTOOL_MISSING =
  "promtool not found: PrometheusRules were not checked (install Debian's prometheus package or set SLIPWAY_PROMTOOL)";

export const ARGOCD_SKIPPED = "argocd/ was not rendered: it is computed from every environment; run without --env to update it";

export async function render(options: RenderOptions): Promise<Rendering> {
  const all = await loadEnvironments(options.config);
  const specs = selectEnvironments(all, options.environments);
  const schemas = SchemaCatalog.load(options.schemas);
  const environments = specs.map((environment) => renderEnvironment(environment, schemas));
  const complete = specs.length === all.length;
  const settings = gitopsSettings(all[0]!.platform);
  const outputs = specs.map((spec, index) => ({ spec, objects: environments[index]!.objects }));
  const argocd = settings !== undefined && complete ? renderArgoCd(outputs, schemas) : undefined;
  const promtool = options.promtool === false ? undefined : findPromtool();
  const rules = environments.flatMap(({ name, objects }) => rulesFiles(name, objects));
  const ruleFindings = promtool === undefined ? [] : await checkRules(promtool, rules);
  const findings = [...environments.flatMap(({ findings }) => findings), ...(argocd?.findings ?? []), ...ruleFindings];
  const notices = [
    ...(options.promtool !== false && promtool === undefined && rules.length > 0 ? [PROMTOOL_MISSING] : []),
    ...(settings !== undefined && !complete ? [ARGOCD_SKIPPED] : []),
  ];
  return { environments, ...(argocd === undefined ? {} : { argocd }), complete, findings, notices };
}

/** One environment rendered in memory and put through the validation gate. */
export function renderEnvironment(environment: EnvironmentSpec, schemas: SchemaCatalog): RenderedOutput {
  const graph = buildGraph(environment);
  const objects = synthEnvironment(environment, graph);
  const located = objects.map((object) => ({ object, file: objectPath(object) }));
  // slipway's own pods always meet "restricted", even where a namespace enforces only "baseline".
  const findings = runGate(environment.name, located, { profile: "restricted", schemas, prometheusSelector: environment.prometheus.operator ? environment.prometheus.selector : undefined });
  return { name: environment.name, objects, findings, files: layoutEnvironment(objects, { "README.md": graphReadme(environment, graph) }) };
}

/** argocd/ computed from every environment's output, put through the validation gate. */
export function renderArgoCd(outputs: readonly RenderedEnvironmentOutput[], schemas: SchemaCatalog): RenderedOutput {
  const platform = outputs[0]!.spec.platform;
  const settings = gitopsSettings(platform);
  if (settings === undefined) throw new Error(`platform ${platform.name} declares no gitops`);
  const objects = synthArgoCd({ platform, settings, environments: outputs });
  const files = layoutArgoCd(objects, argoCdReadme(platform.name, settings, outputs));
  const located = objects.map((object) => ({ object, file: argoCdPath(object) }));
  return { name: "argocd", objects, findings: runGate("argocd", located, { profile: "restricted", schemas }), files };
}

function selectEnvironments(environments: EnvironmentSpec[], wanted: readonly string[] | undefined): EnvironmentSpec[] {
  if (wanted === undefined) return environments;
  const names = environments.map(({ name }) => name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new UsageError(`unknown environment ${unknown.join(", ")}; the config defines ${names.join(", ")}`);
  return environments.filter(({ name }) => wanted.includes(name));
}
