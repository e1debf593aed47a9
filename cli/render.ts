// Rendering in memory: every environment (in worker threads when the platform is large) and,
// when the platform declares GitOps delivery, argocd/. synth writes the result, check compares it
// with what is committed, publish commits it to the output repository.
import type { RenderedEnvironmentOutput } from "../constructs/gitops/application-template.js";
import { synthArgoCd } from "../constructs/gitops/argocd-chart.js";
import { removalNotice } from "../gitops/environment-removal.js";
import { gitopsSettings } from "../gitops/targets.js";
import { argoCdReadme } from "../render/argocd-readme.js";
import type { KubeObject } from "../constructs/synth.js";
import { argoCdPath, layoutArgoCd } from "../render/layout.js";
import { abortOutput, prepareOutput, type RenderedEnvironment, type StagedOutput } from "../render/write.js";
import { type EnvironmentSpec, loadEnvironments } from "../spec/index.js";
import type { Finding } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import { checkRules, findPromtool } from "../validate/promtool.js";
import { SchemaCatalog } from "../validate/schema.js";
import { UsageError } from "./errors.js";
import { renderEnvironment, type RenderedOutput } from "./render-environment.js";
import { RenderThreads } from "./render-threads.js";
import { timed, timedAsync } from "./stages.js";

export { renderEnvironment, type RenderedOutput };

export interface RenderOptions {
  /** Config file or directory. */
  readonly config: string;
  /** Render only these environments; argocd/ is then not rendered. @default every environment */
  readonly environments?: readonly string[];
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
  /** Check PrometheusRules with promtool when it is installed. @default true */
  readonly promtool?: boolean;
  /**
   * Write each environment's files into a staging directory of this output directory as it is
   * rendered, instead of returning them; the caller commits or aborts Rendering.staged.
   * @default files are returned in memory
   */
  readonly stageInto?: string;
  /** Called as each environment is rendered and validated (before anything is written). @default nothing */
  readonly onEnvironment?: (output: RenderedOutput, done: number, total: number) => void;
}

/** argocd/: the Argo CD objects, their findings and files. */
export interface RenderedArgoCd extends RenderedEnvironment {
  readonly objects: readonly KubeObject[];
  readonly findings: readonly Finding[];
}

export interface Rendering {
  /** The platform's name. */
  readonly platform: string;
  readonly environments: readonly RenderedOutput[];
  /** argocd/, when the platform declares `gitops` and every environment was rendered. */
  readonly argocd?: RenderedArgoCd;
  /** True when every environment was rendered: output of environments not rendered is stale. */
  readonly complete: boolean;
  /** Every finding (errors and warnings), promtool's included. */
  readonly findings: readonly Finding[];
  /** Things the user should know that do not stop the render (e.g. a check that could not run). */
  readonly notices: readonly string[];
  /** The staged output, with RenderOptions.stageInto. */
  readonly staged?: StagedOutput;
}

/** An environment's files as rendered in memory (a render without stageInto). */
export function inMemory(output: RenderedOutput): RenderedEnvironment {
  if (output.files === undefined) throw new Error(`environment ${output.name} was staged to disk; its files are not in memory`);
  return { name: output.name, files: output.files };
}

export const PROMTOOL_MISSING =
  "promtool not found: PrometheusRules were not checked (install Debian's prometheus package or set SLIPWAY_PROMTOOL)";

export const ARGOCD_SKIPPED = "argocd/ was not rendered: it is computed from every environment; run without --env to update it";


export async function render(options: RenderOptions): Promise<Rendering> {
  // Started before the spec is loaded, so that the threads' own start overlaps the load.
  const threads = RenderThreads.start(options.config, options.schemas);
  try {
    const all = await timedAsync("load", () => loadEnvironments(options.config));
    const specs = selectEnvironments(all, options.environments);
    const schemas = SchemaCatalog.load(options.schemas);
    const staged = options.stageInto === undefined ? undefined : await prepareOutput(options.stageInto, specs.map(({ name }) => name));
    try {
      return { ...(await renderStaged(options, all, specs, schemas, staged, threads)), ...(staged === undefined ? {} : { staged }) };
    } catch (error) {
      if (staged !== undefined) await abortOutput(staged);
      throw error;
    }
  } finally {
    await threads.stop();
  }
}

async function renderStaged(options: RenderOptions, all: readonly EnvironmentSpec[], specs: readonly EnvironmentSpec[], schemas: SchemaCatalog, staged: StagedOutput | undefined, threads: RenderThreads): Promise<Rendering> {
  let done = 0;
  const environments = await threads.render(specs, schemas, staged, (output) => options.onEnvironment?.(output, ++done, specs.length));
  const complete = specs.length === all.length;
  const settings = gitopsSettings(all[0]!.platform);
  const outputs = specs.map((spec, index) => ({ spec, objects: environments[index]!.inventory }));
  const argocd = settings !== undefined && complete ? timed("argocd", () => renderArgoCd(outputs, schemas)) : undefined;
  const promtool = options.promtool === false ? undefined : findPromtool();
  const rules = environments.flatMap(({ rules }) => rules);
  const ruleFindings = promtool === undefined ? [] : await timedAsync("promtool", () => checkRules(promtool, rules));
  const findings = [...environments.flatMap(({ findings }) => findings), ...(argocd?.findings ?? []), ...ruleFindings];
  const notices = [
    ...(options.promtool !== false && promtool === undefined && rules.length > 0 ? [PROMTOOL_MISSING] : []),
    ...(settings !== undefined && !complete ? [ARGOCD_SKIPPED] : []),
  ];
  return { platform: all[0]!.platform.name, environments, ...(argocd === undefined ? {} : { argocd }), complete, findings, notices };
}

/** What removing these environments does in the clusters, when Argo CD delivers the platform (nothing to say otherwise). */
export function removalNotices(rendering: Rendering, removed: readonly string[]): string[] {
  return rendering.argocd === undefined ? [] : removed.map((name) => removalNotice(rendering.platform, name));
}

/** argocd/ computed from every environment's output, put through the validation gate. */
export function renderArgoCd(outputs: readonly RenderedEnvironmentOutput[], schemas: SchemaCatalog): RenderedArgoCd {
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
