// BENCHMARKS.md from the measurements: medians, ratios to the bare cdk8s-plus baseline measured in
// the same run (so they survive a noisy machine), stage times, scaling, and the targets.
export interface Measurement {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly objects: number;
  /** Milliseconds per pipeline stage, summed over threads. */
  readonly stages: Readonly<Record<string, number>>;
}

export interface SizeResult {
  readonly services: number;
  /** Re-rendering onto the previous output (the everyday case: unchanged files are not rewritten). */
  readonly slipway: readonly Measurement[];
  /** Rendering into an empty output directory: every file written. */
  readonly fresh: readonly Measurement[];
  readonly baseline: readonly Measurement[];
  readonly validation: { readonly objects: number; readonly objectsPerSecond: number };
  /** Argo CD's repo-server on one environment's output: directory source against kustomize (bench/argocd-source.ts). */
  readonly argoCdSource?: { readonly objects: number; readonly directoryMs: number; readonly kustomizeMs?: number | null };
}

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
}

export const STAGES = ["load", "synth", "validate", "serialize", "promtool", "argocd", "write"] as const;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const of = (measurements: readonly Measurement[], pick: (measurement: Measurement) => number) => median(measurements.map(pick));
const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);
const perObject = (measurements: readonly Measurement[]) => of(measurements, (m) => m.wallMs / m.objects);

/** `npm run synth` of the repository's own platform: wall milliseconds per run. */
export type DefaultPlatform = readonly number[];

/** The targets, each with the measured value and whether it is met. */
function targets(defaultPlatform: DefaultPlatform, results: readonly SizeResult[]): string[] {
  const at = (services: number) => results.find((result) => result.services === services);
  const lines = [`- \`npm run synth\` of the default platform ≤ 1.5 s: ${seconds(median(defaultPlatform))} s ${mark(median(defaultPlatform) <= 1500)}`];
  const large = at(1000);
  if (large) {
    const wallFresh = of(large.fresh, (m) => m.wallMs);
    const wallAgain = of(large.slipway, (m) => m.wallMs);
    const rss = Math.max(of(large.fresh, (m) => m.maxRssKb), of(large.slipway, (m) => m.maxRssKb)) / 1024;
    lines.push(`- 1000 services × 3 environments ≤ 10 s: ${seconds(wallFresh)} s into an empty directory ${mark(wallFresh <= 10000)}, ${seconds(wallAgain)} s re-rendering ${mark(wallAgain <= 10000)}`);
    lines.push(`- … peak RSS ≤ 1 GiB: ${Math.round(rss)} MiB ${mark(rss <= 1024)}`);
    const small = at(100);
    if (small) {
      const ratio = of(large.slipway, (m) => m.wallMs) / of(small.slipway, (m) => m.wallMs);
      lines.push(`- time(1000) / time(100) ≤ 10.5: ${ratio.toFixed(2)} ${mark(ratio <= 10.5)}`);
    }
  }
  for (const result of results) {
    const ratio = perObject(result.fresh) / perObject(result.baseline);
    lines.push(`- N=${result.services}: ms per object ≤ the baseline's: ${perObject(result.fresh).toFixed(3)} vs ${perObject(result.baseline).toFixed(3)} ${mark(ratio <= 1)}`);
  }
  const validation = Math.min(...results.filter((result) => result.services >= 100).map((result) => result.validation.objectsPerSecond));
  if (Number.isFinite(validation)) lines.push(`- validation alone ≥ 20,000 objects/s: ${validation.toLocaleString("en-US")} ${mark(validation >= 20000)}`);
  return lines;
}

const mark = (met: boolean) => (met ? "(met)" : "(**missed**)");

export function benchmarkReport(machine: Machine, runs: number, defaultPlatform: DefaultPlatform, results: readonly SizeResult[]): string {
  const rows = results.map((result) => {
    const ours = perObject(result.fresh);
    const theirs = perObject(result.baseline);
    return `| ${result.services} | ${of(result.fresh, (m) => m.objects)} | ${seconds(of(result.fresh, (m) => m.wallMs))} | ${seconds(of(result.slipway, (m) => m.wallMs))} | ${seconds(of(result.fresh, (m) => m.cpuMs))} | ${Math.round(of(result.fresh, (m) => m.maxRssKb) / 1024)} | ${ours.toFixed(3)} | ${of(result.baseline, (m) => m.objects)} | ${seconds(of(result.baseline, (m) => m.wallMs))} | ${theirs.toFixed(3)} | ${(ours / theirs).toFixed(2)} | ${result.validation.objectsPerSecond.toLocaleString("en-US")} |`;
  });
  const sourceRows = results.flatMap(({ services, argoCdSource: source }) => {
    if (source === undefined) return [];
    const kustomize = source.kustomizeMs === undefined ? "— (no kubectl)" : source.kustomizeMs === null ? "> 90 s (Argo CD's timeout)" : seconds(source.kustomizeMs);
    const ratio = typeof source.kustomizeMs === "number" ? `${(source.kustomizeMs / source.directoryMs).toFixed(0)}×` : "—";
    return [`| ${services} | ${source.objects} | ${seconds(source.directoryMs)} | ${kustomize} | ${ratio} |`];
  });
  const stageRows = results.map((result) => `| ${result.services} | ${STAGES.map((stage) => Math.round(of(result.slipway, (m) => m.stages[stage] ?? 0))).join(" | ")} |`);
  const wall = (services: number) => results.find((result) => result.services === services)?.slipway;
  const scaling = [
    [10, 100],
    [100, 1000],
  ].flatMap(([small, large]) => {
    const [a, b] = [wall(small!), wall(large!)];
    return a && b ? [`- time(${large}) / time(${small}) = ${(of(b, (m) => m.wallMs) / of(a, (m) => m.wallMs)).toFixed(2)} (wall), ${(of(b, (m) => m.cpuMs) / of(a, (m) => m.cpuMs)).toFixed(2)} (CPU)`] : [];
  });
  return [
    "# Benchmarks",
    "",
    "Generated by `npm run bench`; do not edit. Each row renders a synthetic platform of N services (2 ports, autoscaling, VPA, an SLO, 1–4 dependencies across 3 namespaces, half of them exposed; `bench/synthetic.ts`) in 3 environments through the real CLI — a fresh `node bin/slipway.js synth` process: spec parse, graph, constructs, synth, validation (strict schemas, models, policy, cross-object rules, promtool), YAML, atomic write. The baseline is a bare cdk8s-plus-28 app with the same N (a Deployment, Service and HPA per service, one file per resource, no validation; `bench/baseline.ts`, run by tsx) measured in the same run, so the ratios survive a noisy machine.",
    "",
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}. Medians of ${runs} runs after a warm-up, which also fills the machine's caches under \`node_modules/.cache/slipway\` (compiled validators with V8's code for them, promtool's verdicts) as any earlier render on the machine would.`,
    "",
    `Default platform (\`environments/\`, \`npm run synth\`, npm's start-up included): ${seconds(median(defaultPlatform))} s wall, median of ${defaultPlatform.length} runs.`,
    "",
    "| N | objects | wall s (empty outdir) | wall s (re-render) | CPU s | peak RSS MiB | ms/object | baseline objects | baseline wall s | baseline ms/object | ratio | validation objects/s |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "*empty outdir*: every file written, each run into a new directory (deleting the previous run's tens of thousands of files just before would bill the run for the file system's clean-up); CPU, RSS and ms/object are from these runs. *re-render*: onto the previous output, where unchanged files are known from the output index (the first re-render after writing reads and compares them) and not rewritten (what `npm run synth` does day to day). *ratio*: slipway's wall time per object over the baseline's. *validation objects/s*: the gate alone over one environment's rendered objects, in process, each repeat on fresh copies (`bench/validation.ts`).",
    "",
    "What Argo CD's repo-server does with one environment's output (`dist/dev/`) on every refresh: read it as a directory source — every YAML file read and parsed, `kustomization.yaml` and `README.md` excluded, as slipway's Applications ask (`bench/argocd-source.ts`) — against `kubectl kustomize` on the same directory, which the repo-server runs instead when it detects the kustomization. Argo CD gives up on a source after 90 s by default.",
    "",
    "| N | objects | directory source s | kubectl kustomize s | kustomize / directory |",
    "| --- | --- | --- | --- | --- |",
    ...sourceRows,
    "",
    "Time per stage (ms, median of the re-render runs; stages that run in worker threads add up across threads, so on a large platform they exceed the wall time). Files are checked against the current output and written as they are serialized, so *serialize* includes that I/O; *write* is linking unchanged files into staging, swapping environments in and recording the output index:",
    "",
    `| N | ${STAGES.join(" | ")} |`,
    `| --- | ${STAGES.map(() => "---").join(" | ")} |`,
    ...stageRows,
    "",
    "Scaling (re-render):",
    "",
    ...scaling,
    "",
    "Targets:",
    "",
    ...targets(defaultPlatform, results),
    "",
    "Reproduce: `npm ci && npm run bench` (about 10 minutes on 2 cores), or `npm run bench -- --sizes 10,100 --runs 3` for a quick look. Raw numbers: `bench/results.json`.",
    "",
  ].join("\n");
}
