// Rendering in worker threads (the compiled CLI, as `npm run synth` runs it) writes exactly what
// rendering on the main thread writes.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PARALLEL_FROM, workerThreadsFor } from "../../cli/render.js";
import { readTree, temporaryDirectory } from "../support/files.js";

const run = promisify(execFile);

async function synthWith(workers: string): Promise<{ dist: Map<string, string>; argocd: Map<string, string>; workerThreads: number }> {
  const directory = await temporaryDirectory();
  const profile = join(directory, "profile.json");
  await run("node", ["bin/slipway.js", "synth", "--outdir", join(directory, "dist")], { env: { ...process.env, SLIPWAY_WORKERS: workers, SLIPWAY_PROFILE: profile } });
  const { workerThreads } = JSON.parse(await readFile(profile, "utf8")) as { workerThreads: number };
  return { dist: await readTree(join(directory, "dist")), argocd: await readTree(join(directory, "argocd")), workerThreads };
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
