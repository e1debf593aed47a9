// Rendering a large platform on every core: this thread and worker threads render the shards of
// every environment side by side, and this thread completes each environment once its shards are in.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { configBytes, LARGE_CONFIG_BYTES } from "../bin/config-size.js";
import type { StagedOutput } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import type { SchemaCatalog } from "../validate/schema.js";
import { receivedShard } from "./posted-shard.js";
import { completeEnvironment, renderEnvironment, type RenderedOutput, type RenderedShard, renderShard } from "./render-environment.js";
import type { RenderJob, WorkerMessage, WorkerSetup, WorkerWork } from "./render-worker.js";
import { ShardQueue } from "./shard-queue.js";
import { addStageTime, countUnusedWorkerThreads, countWorkerThreads, type Stage } from "./stages.js";

/** Environments render in parallel once the platform has this many service-environments. */
export const PARALLEL_FROM = 600;

/**
 * Shards per environment and thread: the last shards to finish leave a thread idle for part of a
 * shard; smaller shards make that wait shorter, at the cost of one graph per shard.
 */
export const SHARDS_PER_THREAD = 2;

/** $SLIPWAY_WORKERS when set; otherwise one thread per core (this one included) once the platform is large. */
export function workerThreadsFor(serviceEnvironments: number, configured: string | undefined, cores: number): number {
  if (configured !== undefined && configured !== "") return Math.max(0, Math.floor(Number(configured)) || 0);
  return serviceEnvironments >= PARALLEL_FROM ? cores - 1 : 0;
}

/** The worker threads of one render: started early when the config looks large, sized once the spec is loaded. */
export class RenderThreads {
  /**
   * Workers run the compiled CLI's render-worker.mjs; from TypeScript sources (tests) it does not
   * exist, and everything renders on this thread.
   */
  private static readonly workerFile = fileURLToPath(new URL("./render-worker.mjs", import.meta.url));

  /**
   * A config of LARGE_CONFIG_BYTES or more most likely declares a platform past PARALLEL_FROM, so
   * its worker threads are started before it is loaded: a worker takes about as long to load its
   * code as this thread takes to load a large spec. A smaller config that turns out large only
   * starts its workers later; a larger one that turns out small stops them unused.
   */
  static start(config: string, schemaDirectory: string | undefined): RenderThreads {
    const configured = process.env.SLIPWAY_WORKERS;
    const early = configured !== undefined && configured !== "" ? workerThreadsFor(0, configured, 0) : configBytes(config) >= LARGE_CONFIG_BYTES ? availableParallelism() - 1 : 0;
    return new RenderThreads(schemaDirectory, early);
  }

  private readonly workers: Worker[] = [];
  private readonly available = existsSync(RenderThreads.workerFile);

  private constructor(
    private readonly schemaDirectory: string | undefined,
    early: number,
  ) {
    if (this.available) this.add(early);
  }

  /**
   * Renders every environment. With worker threads, each environment is cut into SHARDS_PER_THREAD
   * shards per thread; every thread takes the next shard from a shared counter as soon as it is
   * free (no thread waits for another to hand out work), and this thread completes an environment
   * (cross-object rules, kustomization, linking) once all its shards are in. Equal shards keep
   * every core busy to the end, which whole environments (three on two cores) could not.
   */
  /** @param onEnvironment called as each environment is complete, in the order they complete */
  async render(specs: readonly EnvironmentSpec[], schemas: SchemaCatalog, staged: StagedOutput | undefined, onEnvironment: (output: RenderedOutput) => void = () => {}): Promise<RenderedOutput[]> {
    const stagingOf = (spec: EnvironmentSpec) => staged?.targets.get(spec.name);
    const serviceEnvironments = specs.reduce((sum, spec) => sum + Object.keys(spec.services).length, 0);
    const count = this.available ? workerThreadsFor(serviceEnvironments, process.env.SLIPWAY_WORKERS, availableParallelism()) : 0;
    const unused = this.workers.splice(count);
    countUnusedWorkerThreads(unused.length);
    await Promise.all(unused.map((worker) => worker.terminate()));
    if (count <= 0) {
      return specs.map((spec) => {
        const output = renderEnvironment(spec, schemas, stagingOf(spec));
        onEnvironment(output);
        return output;
      });
    }
    this.add(count - this.workers.length);

    const shardCount = (count + 1) * SHARDS_PER_THREAD;
    const jobs: RenderJob[] = specs.flatMap((environment) =>
      Array.from({ length: shardCount }, (_, shard) => ({ environment, shard: { index: shard, count: shardCount }, staging: stagingOf(environment) })),
    );
    const queue = new ShardQueue(jobs.length);
    const shards: RenderedShard[][] = specs.map(() => []);
    const results: RenderedOutput[] = [];
    const collect = (job: number, shard: RenderedShard) => {
      const { environment, shard: position, staging } = jobs[job]!;
      const index = specs.indexOf(environment);
      const received = shards[index]!;
      received[position.index] = shard;
      if (received.filter(Boolean).length < shardCount) return;
      results[index] = completeEnvironment(environment, received, staging);
      shards[index] = [];
      onEnvironment(results[index]);
    };
    countWorkerThreads(count);
    const remote = this.workers.map((worker) => {
      worker.postMessage({ jobs, queue: queue.buffer } satisfies WorkerWork);
      return collectFromWorker(worker, collect);
    });
    const local = (async () => {
      for (let job = queue.take(); job !== undefined; job = queue.take()) {
        collect(job, renderShard(jobs[job]!.environment, jobs[job]!.shard, schemas, jobs[job]!.staging));
        // Takes in the shards workers finished meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // Once any thread fails, the others take no further shard.
    const stopOthersOnFailure = (thread: Promise<void>) =>
      thread.catch((error: unknown) => {
        queue.close();
        throw error;
      });
    const settled = await Promise.allSettled([local, ...remote].map(stopOthersOnFailure));
    const failure = settled.find((outcome) => outcome.status === "rejected");
    if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
    return results;
  }

  /** Terminates every worker still running (after a failure, or when none was needed). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  private add(count: number): void {
    for (let added = 0; added < count; added++) this.workers.push(new Worker(RenderThreads.workerFile, { workerData: { schemas: this.schemaDirectory } satisfies WorkerSetup }));
  }
}

/** Takes in each shard a worker renders; resolves once it has posted its last one and exited. */
function collectFromWorker(worker: Worker, collect: (job: number, shard: RenderedShard) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    worker.on("message", (message: WorkerMessage) => {
      if ("stages" in message) {
        for (const [stage, milliseconds] of Object.entries(message.stages)) addStageTime(stage as Stage, milliseconds);
        return;
      }
      try {
        collect(message.job, receivedShard(message.shard));
      } catch (error) {
        failed = true;
        reject(error);
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code === 0) resolve();
      else if (!failed) reject(new Error(`rendering in a worker thread failed (exit ${code})`));
    });
  });
}
