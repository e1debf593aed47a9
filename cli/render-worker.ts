// Worker thread entry: renders shards taken from the shared queue until none is left, posting each
// back as it is done, then its stage times. It starts before the spec is loaded and waits for the work.
import { parentPort, workerData } from "node:worker_threads";
import type { Shard } from "../constructs/synth.js";
import type { StagingTarget } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { RENDERED_KINDS } from "../validate/models.js";
import { SchemaCatalog } from "../validate/schema.js";
import { type PostedShard, postedShard } from "./posted-shard.js";
import { renderShard } from "./render-environment.js";
import { ShardQueue } from "./shard-queue.js";
import { stageTimes } from "./stages.js";

export interface WorkerSetup {
  /** Schema directory (RenderOptions.schemas). */
  readonly schemas: string | undefined;
}

/** What a worker renders, posted once the spec is loaded (the worker may start before). */
export interface WorkerWork {
  /** Every shard of the render; a worker takes them from the queue by number. */
  readonly jobs: readonly RenderJob[];
  /** The shared counter of a ShardQueue over `jobs`. */
  readonly queue: SharedArrayBuffer;
}

export interface RenderJob {
  readonly environment: EnvironmentSpec;
  readonly shard: Shard;
  /** Write the files there instead of posting them back. */
  readonly staging: StagingTarget | undefined;
}

export type WorkerMessage = { readonly job: number; readonly shard: PostedShard } | { readonly stages: Record<string, number> };

const schemas = SchemaCatalog.load((workerData as WorkerSetup).schemas);
// The worker starts while the spec is still loading: loading the validators now takes them off
// the first shard's time.
for (const [apiVersion, kind] of RENDERED_KINDS) schemas.validatorFor(apiVersion, kind);
const port = parentPort!;
port.once("message", ({ jobs, queue: buffer }: WorkerWork) => {
  const queue = new ShardQueue(jobs.length, buffer);
  for (let job = queue.take(); job !== undefined; job = queue.take()) {
    const { environment, shard, staging } = jobs[job]!;
    port.postMessage({ job, shard: postedShard(renderShard(environment, shard, schemas, staging)) } satisfies WorkerMessage);
  }
  port.postMessage({ stages: stageTimes() } satisfies WorkerMessage);
  port.close();
});
