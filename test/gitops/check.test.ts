// slipway check on a copy of this repository: a spec change without `npm run synth` fails it,
// naming the stale files; `npm run synth` makes it pass again.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { projectCopy } from "../support/files.js";

const run = promisify(execFile);
let workdir: string;

async function checkIn(directory: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return run("node", ["bin/slipway.js", "check"], { cwd: directory }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

beforeAll(async () => {
  workdir = await projectCopy();
});

describe("slipway check", () => {
  it("passes on the committed output", async () => {
    expect(await runCli("check")).toMatchObject({ code: 0, stdout: expect.stringMatching(/^slipway check: \d+ files match a fresh render$/) });
  });

  it("fails when dist/ and argocd/ are stale, listing each file, and passes right after npm run synth", async () => {
    const production = join(workdir, "environments", "production.ts");
    const spec = await readFile(production, "utf8");
    // api-gateway stops autoscaling in production: its Deployment, HPA and PDB change, and so does argocd/.
    await writeFile(production, spec.replace('"api-gateway": { autoscaling: { min: 3, max: 20 } }', '"api-gateway": { autoscaling: null, replicas: 4 }'));
    await writeFile(join(workdir, "dist", "dev", "stray.yaml"), "kind: ConfigMap\n");
    await rm(join(workdir, "dist", "staging", "README.md"));

    const stale = await checkIn(workdir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("run `npm run synth` and commit the result");
    const listed = stale.stderr.split("\n").slice(1).map((line) => line.trim().split(/\s+/).join(" "));
    expect(listed).toEqual(
      expect.arrayContaining([
        "modified dist/production/ai-api/deployment-api-gateway.yaml",
        "stale dist/production/ai-api/horizontalpodautoscaler-api-gateway.yaml",
        "modified argocd/10-application-ai-api-production.yaml",
        "stale dist/dev/stray.yaml",
        "missing dist/staging/README.md",
      ]),
    );
    expect(listed.some((line) => line.includes("dist/dev/ai-api-dev/"))).toBe(false);

    await run("npm", ["run", "--silent", "synth"], { cwd: workdir });
    expect(await checkIn(workdir)).toMatchObject({ code: 0, stdout: expect.stringContaining("files match a fresh render") });
  });
});
