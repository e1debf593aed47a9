// BENCHMARKS.md is computed from the measurements: medians, ratios to the baseline, scaling, and
// each target marked met or missed from the figures themselves.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { benchmarkReport, type Measurement, median, type SizeResult } from "../../bench/report.js";
import { BENCH_ENVIRONMENTS, BENCH_NAMESPACES, syntheticConfig } from "../../bench/synthetic.js";
import { loadEnvironments } from "../../spec/index.js";
import { temporaryDirectory } from "../support/files.js";

const machine = { cores: 2, cpu: "test cpu", memoryGiB: 24, node: "v20.0.0" };
const runs = (objects: number, wallMs: readonly number[], maxRssKb = 500 * 1024): Measurement[] =>
  wallMs.map((ms) => ({ wallMs: ms, cpuMs: ms * 1.5, maxRssKb, objects, stages: { synth: ms / 2, validate: ms / 4 } }));

function result(services: number, wallMs: readonly number[], options: { rssKb?: number; baselineMs?: number; validation?: number } = {}): SizeResult {
  const objects = services * 40;
  return {
    services,
    slipway: runs(objects, wallMs, options.rssKb),
    fresh: runs(objects, wallMs.map((ms) => ms * 1.2), options.rssKb),
    baseline: runs(services * 9, [options.baselineMs ?? wallMs[0]!]),
    validation: { objects, objectsPerSecond: options.validation ?? 30000 },
  };
}

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("benchmarkReport", () => {
  it("reports medians, per-object ratios to the baseline and scaling", () => {
    const report = benchmarkReport(machine, 3, [1000, 1200, 1100], [result(100, [2000, 1000, 3000]), result(1000, [9000, 8000, 9500])]);
    expect(report).toContain("Default platform (`environments/`, `npm run synth`, npm's start-up included): 1.10 s wall, median of 3 runs.");
    // N=100: median re-render 2.00 s, empty outdir 2.40 s, 4000 objects → 0.600 ms/object; baseline 2.00 s / 900 objects.
    expect(report).toContain("| 100 | 4000 | 2.40 | 2.00 | 3.60 | 500 | 0.600 | 900 | 2.00 | 2.222 | 0.27 | 30,000 |");
    expect(report).toContain("- time(1000) / time(100) = 4.50 (wall)");
  });

  it("marks each target met or missed from the figures", () => {
    const fast = benchmarkReport(machine, 3, [1400], [result(100, [2000]), result(1000, [8000], { rssKb: 900 * 1024 })]);
    expect(fast).toContain("≤ 1.5 s: 1.40 s (met)");
    expect(fast).toContain("1000 services × 3 environments ≤ 10 s: 9.60 s into an empty directory (met), 8.00 s re-rendering (met)");
    expect(fast).toContain("peak RSS ≤ 1 GiB: 900 MiB (met)");
    expect(fast).toContain("time(1000) / time(100) ≤ 10.5: 4.00 (met)");

    const slow = benchmarkReport(machine, 3, [1600], [result(100, [1000]), result(1000, [12000], { rssKb: 1100 * 1024, baselineMs: 1000, validation: 15000 })]);
    expect(slow).toContain("≤ 1.5 s: 1.60 s (**missed**)");
    expect(slow).toContain("14.40 s into an empty directory (**missed**), 12.00 s re-rendering (**missed**)");
    expect(slow).toContain("peak RSS ≤ 1 GiB: 1100 MiB (**missed**)");
    expect(slow).toContain("time(1000) / time(100) ≤ 10.5: 12.00 (**missed**)");
    expect(slow).toMatch(/N=1000: ms per object ≤ the baseline's: [\d.]+ vs [\d.]+ \(\*\*missed\*\*\)/);
    expect(slow).toContain("validation alone ≥ 20,000 objects/s: 15,000 (**missed**)");
  });
});

describe("syntheticConfig", () => {
  it("declares N valid services over 3 namespaces in 3 environments, each autoscaled with an SLO and 1–4 dependencies, half exposed", async () => {
    const config = syntheticConfig(40) as { services: Record<string, Record<string, any>>; environments: Record<string, unknown> };
    const services = Object.values(config.services);
    expect(services).toHaveLength(40);
    expect(new Set(services.map((service) => service.namespace))).toEqual(new Set(BENCH_NAMESPACES));
    expect(Object.keys(config.environments)).toEqual([...BENCH_ENVIRONMENTS]);
    expect(services.every((service) => service.autoscaling && service.slo && service.ports.length === 2)).toBe(true);
    const dependencies = services.slice(1).map((service) => service.dependsOn.length);
    expect(Math.min(...dependencies)).toBe(1);
    expect(Math.max(...dependencies)).toBe(4);
    expect(services.filter((service) => service.expose !== undefined)).toHaveLength(20);

    const file = join(await temporaryDirectory(), "platform.yaml");
    await writeFile(file, yaml.dump(config));
    expect((await loadEnvironments(file)).map(({ name }) => name).sort()).toEqual([...BENCH_ENVIRONMENTS].sort());
  });
});
