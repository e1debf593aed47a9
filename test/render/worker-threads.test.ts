// Rendering in worker threads (the compiled CLI, as `npm run synth` runs it) writes exactly what
// rendering on the main thread writes.
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { LARGE_CONFIG_BYTES } from "../../bin/config-size.js";
import { PARALLEL_FROM, workerThreadsFor } from "../../cli/render-threads.js";
import { readTree, temporaryDirectory } from "../support/files.js";

const run = promisify(execFile);

interface Synthesized {
  dist: Map<string, string>;
  argocd: Map<string, string>;
  workerThreads: number;
  unusedWorkerThreads: number;
  nodeOptions: string[];
}

async function synthWith(workers: string | undefined, config = "environments"): Promise<Synthesized> {
  const directory = await temporaryDirectory();
  const profile = join(directory, "profile.json");
  const env: NodeJS.ProcessEnv = { ...process.env, SLIPWAY_PROFILE: profile };
  if (workers === undefined) delete env.SLIPWAY_WORKERS;
  else env.SLIPWAY_WORKERS = workers;
  await run("node", ["bin/slipway.js", "synth", "--config", config, "--outdir", join(directory, "dist")], { env });
  const { workerThreads, unusedWorkerThreads, nodeOptions } = JSON.parse(await readFile(profile, "utf8")) as Omit<Synthesized, "dist" | "argocd">;
  return { dist: await readTree(join(directory, "dist")), argocd: await readTree(join(directory, "argocd")), workerThreads, unusedWorkerThreads, nodeOptions };
}

describe("worker threads", () => {
  it("render the same bytes as the main thread alone, and as committed", async () => {
    const [parallel, sequential] = [await synthWith("2"), await synthWith("0")];
    expect(parallel.workerThreads).toBe(2);
    expect(sequential.workerThreads).toBe(0);
    expect(parallel.dist).toEqual(sequential.dist);
    expect(parallel.argocd).toEqual(sequential.argocd);
    expect(parallel.dist).toEqual(await readTree("dist"));
  });

  it("started early for a large config are stopped unused when the platform turns out small", async () => {
    const directory = await temporaryDirectory();
    const config = join(directory, "shop.yaml");
    const shop = await readFile("test/fixtures/valid/shop.yaml", "utf8");
    await writeFile(config, `${shop}\n${"# padding\n".repeat(Math.ceil(LARGE_CONFIG_BYTES / 10))}`);
    const [padded, plain] = [await synthWith(undefined, config), await synthWith(undefined, "test/fixtures/valid/shop.yaml")];
    expect(padded.unusedWorkerThreads).toBe(availableParallelism() - 1);
    expect(plain.unusedWorkerThreads).toBe(0);
    expect(padded.workerThreads).toBe(0);
    expect(padded.dist.size).toBeGreaterThan(0);
    expect(padded.dist).toEqual(plain.dist);
    // Only the large config is worth starting node again with V8's settings for large renders.
    expect(padded.nodeOptions).toEqual([`--v8-pool-size=${Math.max(1, Math.min(4, availableParallelism() - 1))}`, "--max-semi-space-size=64"]);
    expect(plain.nodeOptions).toEqual([]);
  });
});

describe("workerThreadsFor", () => {
  it("uses one thread per core, this one included, from PARALLEL_FROM service-environments; none below", () => {
    expect(workerThreadsFor(PARALLEL_FROM - 1, undefined, 4)).toBe(0);
    expect(workerThreadsFor(PARALLEL_FROM, undefined, 4)).toBe(3);
    expect(workerThreadsFor(3000, undefined, 1)).toBe(0);
  });

  it("follows $SLIPWAY_WORKERS when set, reading nonsense as 0", () => {
    expect(workerThreadsFor(3, "2", 4)).toBe(2);
    expect(workerThreadsFor(3000, "0", 4)).toBe(0);
    expect(workerThreadsFor(3000, "many", 4)).toBe(0);
    expect(workerThreadsFor(3000, "", 4)).toBe(3);
  });
});
