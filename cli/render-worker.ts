// Worker thread entry: renders the environment it is given and posts the result back.
import { parentPort, workerData } from "node:worker_threads";
import type { StagingTarget } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { SchemaCatalog } from "../validate/schema.js";
import { renderEnvironment } from "./render-environment.js";
import { stageTimes } from "./stages.js";

export interface RenderJob {
  readonly environment: EnvironmentSpec;
  readonly schemas: string | undefined;
  /** Write the files there instead of posting them back. */
  readonly staging: StagingTarget | undefined;
}

const job = workerData as RenderJob;
const output = renderEnvironment(job.environment, SchemaCatalog.load(job.schemas), job.staging);
parentPort!.postMessage({ output, stages: stageTimes() });
