// Rendering in memory: every environment (in worker threads when the platform is large) and,
// when the platform declares GitOps delivery, argocd/. synth writes the result, check compares it
// with what is committed, publish commits it to the output repository.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { RenderedEnvironmentOutput } from "../constructs/gitops/environment-application.js";
import { synthArgoCd } from "../constructs/gitops/argocd-chart.js";
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
import type { RenderJob, WorkerMessage, WorkerSetup } from "./render-worker.js";
import { addStageTime, countObjects, countWorkerThreads, type Stage, timed, timedAsync } from "./stages.js";

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
}

/** argocd/: the Argo CD objects, their findings and files. */
export interface RenderedArgoCd extends RenderedEnvironment {
  readonly objects: readonly KubeObject[];
  readonly findings: readonly Finding[];
}

export interface Rendering {
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
  const all = await timedAsync("load", () => loadEnvironments(options.config));
  const specs = selectEnvironments(all, options.environments);
  const schemas = SchemaCatalog.load(options.schemas);
  const staged = options.stageInto === undefined ? undefined : await prepareOutput(options.stageInto, specs.map(({ name }) => name));
  try {
    return { ...(await renderStaged(options, all, specs, schemas, staged)), ...(staged === undefined ? {} : { staged }) };
  } catch (error) {
    if (staged !== undefined) await abortOutput(staged);
    throw error;
  }
}

async function renderStaged(options: RenderOptions, all: readonly EnvironmentSpec[], specs: readonly EnvironmentSpec[], schemas: SchemaCatalog, staged: StagedOutput | undefined): Promise<Rendering> {
  const environments = await renderEnvironments(specs, schemas, options.schemas, staged);
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
  return { environments, ...(argocd === undefined ? {} : { argocd }), complete, findings, notices };
}

/** Environments render in parallel once the platform has this many service-environments. */
export const PARALLEL_FROM = 600;

/**
 * Renders every environment. Large platforms render on this thread and in worker threads at once
 * (one thread per core, each taking the next environment as it finishes one); $SLIPWAY_WORKERS
 * sets the number of worker threads (0: none). Workers run the compiled CLI's render-worker.mjs;
 * from TypeScript sources (tests) it does not exist, and everything renders on this thread.
 */
async function renderEnvironments(specs: readonly EnvironmentSpec[], schemas: SchemaCatalog, schemaDirectory: string | undefined, staged: StagedOutput | undefined): Promise<RenderedOutput[]> {
  const stagingOf = (spec: EnvironmentSpec) => staged?.targets.get(spec.name);
  const workerFile = fileURLToPath(new URL("./render-worker.mjs", import.meta.url));
  const count = Math.min(workerCount(specs), specs.length - 1);
  if (count <= 0 || !existsSync(workerFile)) return specs.map((spec) => renderEnvironment(spec, schemas, stagingOf(spec)));

  const queue = specs.map((spec, index) => ({ spec, index }));
  const results: RenderedOutput[] = [];
  countWorkerThreads(count);
  const workers = Array.from({ length: count }, () => new Worker(workerFile, { workerData: { schemas: schemaDirectory } satisfies WorkerSetup }));
  const take = () => {
    const job = queue.shift();
    return job === undefined ? undefined : { ...job, run: { environment: job.spec, staging: stagingOf(job.spec) } satisfies RenderJob };
  };
  const remote = workers.map((worker) => drainInWorker(worker, take, results));
  const local = (async () => {
    for (let job = take(); job !== undefined; job = take()) {
      results[job.index] = renderEnvironment(job.spec, schemas, job.run.staging);
      // Lets a worker that has finished take the next environment before this thread does.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  // Once any thread fails, the others take no further environment.
  const stopOthersOnFailure = (thread: Promise<void>) =>
    thread.catch((error: unknown) => {
      queue.length = 0;
      throw error;
    });
  const settled = await Promise.allSettled([local, ...remote].map(stopOthersOnFailure));
  const failure = settled.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw (failure as PromiseRejectedResult).reason;
  }
  return results;
}

function workerCount(specs: readonly EnvironmentSpec[]): number {
  const serviceEnvironments = specs.reduce((sum, spec) => sum + Object.keys(spec.services).length, 0);
  return workerThreadsFor(serviceEnvironments, process.env.SLIPWAY_WORKERS, availableParallelism());
}

/** $SLIPWAY_WORKERS when set; otherwise one thread per core (this one included) once the platform is large. */
export function workerThreadsFor(serviceEnvironments: number, configured: string | undefined, cores: number): number {
  if (configured !== undefined && configured !== "") return Math.max(0, Math.floor(Number(configured)) || 0);
  return serviceEnvironments >= PARALLEL_FROM ? cores - 1 : 0;
}

/** Feeds a worker environments until none are left, then collects its stage times and lets it exit. */
function drainInWorker(worker: Worker, take: () => { index: number; run: RenderJob } | undefined, results: RenderedOutput[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let current = take();
    worker.postMessage(current?.run ?? null);
    worker.on("message", (message: WorkerMessage) => {
      if ("stages" in message) {
        for (const [stage, milliseconds] of Object.entries(message.stages)) addStageTime(stage as Stage, milliseconds);
        return;
      }
      countObjects(message.output.objectCount);
      results[current!.index] = message.output;
      current = take();
      worker.postMessage(current?.run ?? null);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code === 0 && current === undefined) resolve();
      else reject(new Error(`rendering environment ${current?.run.environment.name ?? "(none)"} in a worker thread failed (exit ${code})`));
    });
  });
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
