// What Argo CD's repo-server does with one rendered environment on every refresh. slipway's
// Applications ask for a directory source: every YAML file read and parsed (kustomization.yaml and
// README.md excluded). Without that, the repo-server detects the kustomization.yaml and runs
// `kustomize build` on the same directory instead — measured here with `kubectl kustomize`.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { DIRECTORY_SOURCE_EXCLUDED } from "../gitops/targets.js";
import { median } from "./report.js";

/** Argo CD's default for how long the repo-server may take to generate manifests (`--repo-server-timeout-seconds`). */
export const REPO_SERVER_TIMEOUT_MS = 90_000;

export interface SourceGeneration {
  /** Median milliseconds to read and parse the directory as a directory source. */
  readonly directoryMs: number;
  /** Median milliseconds of `kubectl kustomize` on it; null when it exceeded the repo-server's timeout, undefined without kubectl. */
  readonly kustomizeMs?: number | null;
}

const EXCLUDED = new Set(DIRECTORY_SOURCE_EXCLUDED);

function readDirectorySource(directory: string): number {
  let documents = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || EXCLUDED.has(entry.name) || !/\.(ya?ml|json)$/.test(entry.name)) continue;
    documents += yaml.loadAll(readFileSync(join(entry.parentPath, entry.name), "utf8")).length;
  }
  return documents;
}

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** @param runs measured runs after a warm-up; kustomize stops at the first run past the timeout */
export function sourceGeneration(directory: string, runs: number): SourceGeneration {
  readDirectorySource(directory);
  const directoryMs = median(Array.from({ length: runs }, () => timed(() => readDirectorySource(directory))));
  if (spawnSync("kubectl", ["version", "--client"], { stdio: "ignore" }).status !== 0) return { directoryMs };
  const kustomize: number[] = [];
  for (let run = 0; run < runs; run++) {
    const result = { status: 0 as number | null };
    const wallMs = timed(() => {
      result.status = spawnSync("kubectl", ["kustomize", directory], { stdio: "ignore", timeout: REPO_SERVER_TIMEOUT_MS, maxBuffer: 1024 * 1024 * 1024 }).status;
    });
    if (result.status !== 0) return { directoryMs, kustomizeMs: null };
    kustomize.push(wallMs);
  }
  return { directoryMs, kustomizeMs: median(kustomize) };
}
