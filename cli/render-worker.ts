// Worker thread entry: renders each environment it is sent and posts the result back; on `null`
// it posts its stage times and exits.
import { parentPort, workerData } from "node:worker_threads";
import type { StagingTarget } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { SchemaCatalog } from "../validate/schema.js";
import { renderEnvironment, type RenderedOutput } from "./render-environment.js";
import { stageTimes } from "./stages.js";

export interface WorkerSetup {
  /** Schema directory (RenderOptions.schemas). */
  readonly schemas: string | undefined;
}

export interface RenderJob {
  readonly environment: EnvironmentSpec;
  /** Write the files there instead of posting them back. */
  readonly staging: StagingTarget | undefined;
}

export type WorkerMessage = { readonly output: RenderedOutput } | { readonly stages: Record<string, number> };

const schemas = SchemaCatalog.load((workerData as WorkerSetup).schemas);
const port = parentPort!;
port.on("message", (job: RenderJob | null) => {
  if (job === null) {
    port.postMessage({ stages: stageTimes() } satisfies WorkerMessage);
    port.close();
    return;
  }
  port.postMessage({ output: renderEnvironment(job.environment, schemas, job.staging) } satisfies WorkerMessage);
});
