// Every spec in test/fixtures/bad-specs is rejected with an error naming the file, the field path
// and what would be valid; the run exits non-zero and leaves the output directory byte-identical.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { fingerprint, temporaryDirectory } from "./support/files.js";

const FIXTURES = "test/fixtures/bad-specs";
type Expectation = string | { file: string; error: string };
const expectations = yaml.load(readFileSync(join(FIXTURES, "expectations.yaml"), "utf8")) as Record<string, Expectation>;
const cases = Object.entries(expectations).map(([fixture, expectation]) => {
  const { file, error } = typeof expectation === "string" ? { file: "", error: expectation } : expectation;
  return { fixture, blamed: join(FIXTURES, fixture, file), error };
});

let baseline: string;

/** An output directory holding a previous good render, and its fingerprint. */
async function previousOutput(): Promise<{ outdir: string; before: string }> {
  const outdir = await temporaryDirectory();
  await cp(baseline, outdir, { recursive: true });
  return { outdir, before: await fingerprint(outdir) };
}

beforeAll(async () => {
  baseline = await temporaryDirectory();
  const run = await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", baseline);
  expect(run).toMatchObject({ code: 0 });
});

describe("bad specs", () => {
  it("has an expectation for every fixture, and at least 20 of them", () => {
    const fixtures = readdirSync(FIXTURES).filter((name) => name !== "expectations.yaml");
    expect(Object.keys(expectations).sort()).toEqual(fixtures.sort());
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    expect(fixtures.filter((name) => name.endsWith(".ts")).length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)("$fixture is rejected, naming the field, with dist/ untouched", async ({ fixture, blamed, error }) => {
    const { outdir, before } = await previousOutput();
    const run = await runCli("synth", "--config", join(FIXTURES, fixture), "--outdir", outdir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${blamed}: ${error}`);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(await fingerprint(outdir)).toBe(before);
  });

  it.each(["image-latest.yaml", "ts-latest-image.ts"])("the slipway command exits 1 on %s", async (fixture) => {
    const { outdir, before } = await previousOutput();
    const result = await promisify(execFile)("node", ["bin/slipway.js", "synth", "--config", join(FIXTURES, fixture), "--outdir", outdir]).then(
      () => ({ code: 0, stderr: "" }),
      (failure: { code: number; stderr: string }) => failure,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(FIXTURES, fixture)}: services.web.image.tag: the tag "latest" is not pinned`);
    expect(await fingerprint(outdir)).toBe(before);
  });
});
