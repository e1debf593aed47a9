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
import { benchmarkReport, type Measurement, type SizeResult } from "./report.js";
import { syntheticConfig } from "./synthetic.js";
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
const results: SizeResult[] = [];
for (const services of sizes) {
  const directory = join(work, String(services));
  mkdirSync(directory, { recursive: true });
  const config = join(directory, "platform.yaml");
  writeFileSync(config, yaml.dump(syntheticConfig(services)));
  const profile = join(directory, "profile.json");
  const slipway = measure(() => {
    const wallMs = timedRun("node", ["bin/slipway.js", "synth", "--config", config, "--outdir", join(directory, "dist")], { SLIPWAY_PROFILE: profile });
    const report = JSON.parse(readFileSync(profile, "utf8")) as { cpuMs: number; maxRssKb: number; objects: number; stages: Record<string, number> };
    return { wallMs, cpuMs: report.cpuMs, maxRssKb: report.maxRssKb, objects: report.objects, stages: report.stages };
  });
  const baseline = measure(() => {
    const outdir = join(directory, "baseline");
    rmSync(outdir, { recursive: true, force: true });
    const start = process.hrtime.bigint();
    const output = execFileSync("node", ["--import", "tsx", "bench/baseline.ts", String(services), outdir], { encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const report = JSON.parse(output.trim().split("\n").pop()!) as { cpuMs: number; maxRssKb: number };
    return { wallMs, cpuMs: report.cpuMs, maxRssKb: report.maxRssKb, objects: countFiles(outdir), stages: {} };
  });
  const validation = await validationThroughput(config, runs);
  results.push({ services, slipway, baseline, validation });
  console.log(`N=${services}: slipway ${Math.round(slipway.map((m) => m.wallMs).sort((a, b) => a - b)[Math.floor(runs / 2)]!)} ms (median)`);
}
rmSync(work, { recursive: true, force: true });

const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
writeFileSync("bench/results.json", `${JSON.stringify({ machine, runs, results }, null, 2)}\n`);
writeFileSync("BENCHMARKS.md", benchmarkReport(machine, runs, results));
console.log("wrote BENCHMARKS.md and bench/results.json");
