// npm run bench: renders synthetic platforms of N services × 3 environments through the real CLI
// (spec → graph → constructs → synth → validate → write, in a fresh process each time) and a bare
// cdk8s-plus-28 app of the same N, then writes BENCHMARKS.md and bench/results.json.
//   npm run bench -- [--sizes 10,100,1000] [--runs 5]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as yaml from "js-yaml";
import { benchmarkReport, type Measurement, median, type SizeResult } from "./report.js";
import { syntheticConfig } from "./synthetic.js";
import { sourceGeneration } from "./argocd-source.js";
import { validationThroughput } from "./validation.js";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "10,100,1000" }, runs: { type: "string", default: "5" } } });
const sizes = values.sizes.split(",").map(Number);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), "slipway-bench-"));

function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr.slice(0, 4000)}`);
  return wallMs;
}

function countFiles(directory: string): number {
  return readdirSync(directory, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && entry.name.endsWith(".yaml") && entry.name !== "kustomization.yaml").length;
}

/** One warm-up, then `runs` measured runs. */
function measure(run: () => Measurement): Measurement[] {
  run();
  return Array.from({ length: runs }, run);
}

execFileSync("node", ["bin/build.js"], { stdio: "ignore" });
// The repository's own platform through `npm run synth`, npm's own start-up included (into a scratch directory).
const defaultPlatform = measure(() => {
  const outdir = join(work, "default", "dist");
  return { wallMs: timedRun("npm", ["run", "--silent", "synth", "--", "--outdir", outdir]), cpuMs: 0, maxRssKb: 0, objects: 0, stages: {} };
}).map((m) => m.wallMs);
console.log(`default platform: ${Math.round(median(defaultPlatform))} ms (median)`);
const results: SizeResult[] = [];
for (const services of sizes) {
  const directory = join(work, String(services));
  mkdirSync(directory, { recursive: true });
  const config = join(directory, "platform.yaml");
  writeFileSync(config, yaml.dump(syntheticConfig(services)));
  const profile = join(directory, "profile.json");
  const synth = (outdir: string): Measurement => {
    const wallMs = timedRun("node", ["bin/slipway.js", "synth", "--config", config, "--outdir", outdir], { SLIPWAY_PROFILE: profile });
    const report = JSON.parse(readFileSync(profile, "utf8")) as { cpuMs: number; maxRssKb: number; objects: number; stages: Record<string, number> };
    return { wallMs, cpuMs: report.cpuMs, maxRssKb: report.maxRssKb, objects: report.objects, stages: report.stages };
  };
  // Every run into an empty directory gets a new one; they are all deleted at the end. Deleting
  // tens of thousands of files just before a run bills it for the file system's clean-up (up to
  // 8 s of kernel time at 1000 services on an ext4 with online discard), which is not the render's.
  let run = 0;
  const fresh = measure(() => synth(join(directory, `fresh-${run++}`, "dist")));
  const slipway = measure(() => synth(join(directory, "dist")));
  const baseline = measure(() => {
    const outdir = join(directory, `baseline-${run++}`);
    const start = process.hrtime.bigint();
    const output = execFileSync("node", ["--import", "tsx", "bench/baseline.ts", String(services), outdir], { encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const report = JSON.parse(output.trim().split("\n").pop()!) as { cpuMs: number; maxRssKb: number };
    return { wallMs, cpuMs: report.cpuMs, maxRssKb: report.maxRssKb, objects: countFiles(outdir), stages: {} };
  });
  const validation = await validationThroughput(config, runs);
  const environmentOutput = join(directory, "dist", "dev");
  const argoCdSource = { objects: countFiles(environmentOutput), ...sourceGeneration(environmentOutput, runs) };
  results.push({ services, slipway, fresh, baseline, validation, argoCdSource });
  console.log(`N=${services}: slipway ${Math.round(median(fresh.map((m) => m.wallMs)))} ms into an empty directory, ${Math.round(median(slipway.map((m) => m.wallMs)))} ms re-rendering (medians)`);
}
rmSync(work, { recursive: true, force: true });

const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
writeFileSync("bench/results.json", `${JSON.stringify({ machine, runs, defaultPlatform, results }, null, 2)}\n`);
writeFileSync("BENCHMARKS.md", benchmarkReport(machine, runs, defaultPlatform, results));
console.log("wrote BENCHMARKS.md and bench/results.json");
