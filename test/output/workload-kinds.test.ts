// Every workload kind and pod option through the whole pipeline: test/fixtures/valid/batch.yaml
// and pod-options.yaml render with `slipway synth` (the gate, promtool included), pass
// `slipway validate` on their own, and build with kubectl kustomize.
import { execFileSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { diagnostics, runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";
import { toolAvailable } from "../support/render.js";

const CONFIGS: [string, readonly string[]][] = [
  ["test/fixtures/valid/batch.yaml", ["Deployment", "StatefulSet", "Job", "CronJob", "Service"]],
  ["test/fixtures/valid/pod-options.yaml", ["Deployment", "Service"]],
  ["test/fixtures/valid/databases.yaml", ["Cluster", "ScheduledBackup", "CronJob"]],
];

describe.each(CONFIGS)("%s", (config, expectedKinds) => {
  it("renders, validates with no finding, and builds with kubectl kustomize", async () => {
    const outdir = join(await temporaryDirectory(), "dist");
    const synth = await runCli("synth", "--config", config, "--outdir", outdir);
    expect(synth.code, synth.stderr).toBe(0);
    expect(diagnostics(synth.stderr)).toBe("");
    expect((await readdir(outdir)).sort()).toEqual(["dev", "prod"]);
    const validate = await runCli("validate", outdir);
    expect(validate.code, validate.stdout).toBe(0);
    expect(validate.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);
    for (const environment of ["dev", "prod"]) {
      if (!toolAvailable("kubectl", ["version", "--client"])) return;
      const built = yaml.loadAll(execFileSync("kubectl", ["kustomize", join(outdir, environment)], { encoding: "utf8" })) as KubeObject[];
      const kinds = new Set(built.map((object) => object.kind));
      for (const kind of expectedKinds) expect(kinds, `${environment}: ${kind}`).toContain(kind);
    }
  });
});
