// Where a run's time goes, per pipeline stage: the benchmark reads it (SLIPWAY_PROFILE=<file>
// makes the CLI write it as JSON on exit). Stages that run in worker threads add up their time.
import { writeFileSync } from "node:fs";

export type Stage = "load" | "synth" | "validate" | "serialize" | "promtool" | "write" | "argocd";

const totals = new Map<Stage, number>();
let objectCount = 0;
let workerThreads = 0;
let unusedWorkerThreads = 0;

export function timed<T>(stage: Stage, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    addStageTime(stage, performance.now() - start);
  }
}

export async function timedAsync<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    addStageTime(stage, performance.now() - start);
  }
}

export function addStageTime(stage: Stage, milliseconds: number): void {
  totals.set(stage, (totals.get(stage) ?? 0) + milliseconds);
}

export function countObjects(count: number): void {
  objectCount += count;
}

/** Worker threads this run rendered environments in (0: all on the main thread). */
export function countWorkerThreads(count: number): void {
  workerThreads += count;
}

/** Worker threads started early (RenderThreads) and stopped unused because the platform turned out small. */
export function countUnusedWorkerThreads(count: number): void {
  unusedWorkerThreads += count;
}

export function stageTimes(): Record<string, number> {
  return Object.fromEntries([...totals.entries()].map(([stage, milliseconds]) => [stage, Math.round(milliseconds)]));
}

/** Writes the run's profile to $SLIPWAY_PROFILE, if set: stage times, objects, CPU and peak memory. */
export function writeProfile(): void {
  const file = process.env.SLIPWAY_PROFILE;
  if (file === undefined || file === "") return;
  const usage = process.resourceUsage();
  const profile = {
    wallMs: Math.round(performance.now()),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    maxRssKb: usage.maxRSS,
    objects: objectCount,
    workerThreads,
    unusedWorkerThreads,
    /** node's own options, as bin/slipway.js started it. */
    nodeOptions: process.execArgv,
    stages: stageTimes(),
  };
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
}
