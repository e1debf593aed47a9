// Hostile and malformed specs: each is refused with exit 1, a message naming the file and the field,
// no stack trace, and dist/ (and everything beside it) byte-for-byte as it was. The fixtures are in
// test/fixtures/hostile-specs; inputs too large to commit are generated here.
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, stat, truncate, writeFile } from "node:fs/promises";
import { execFile, execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { INPUT_LIMITS } from "../../spec/input-limits.js";
import { type CliRun, runCli } from "../support/cli.js";
import { fingerprint, temporaryDirectory } from "../support/files.js";

const FIXTURES = "test/fixtures/hostile-specs";
const SHOP = "test/fixtures/valid/shop.yaml";

interface Expectation {
  readonly class: string;
  readonly errors: readonly string[];
  readonly secret?: string;
}

const expectations = yaml.load(readFileSync(join(FIXTURES, "expectations.yaml"), "utf8")) as Record<string, Expectation>;

let baseline: string;

beforeAll(async () => {
  baseline = await temporaryDirectory();
  expect(await runCli("synth", "--config", SHOP, "--outdir", join(baseline, "dist"))).toMatchObject({ code: 0 });
});

/**
 * Runs synth on a config into a copy of a good render and checks what every refusal must hold:
 * exit 1, each error after "<file>: ", "nothing was written", no stack trace, and nothing in the
 * render's directory (dist/ and argocd/ beside it) changed.
 */
async function expectRefused(config: string, errors: readonly string[], blamed = config): Promise<CliRun> {
  const workdir = await temporaryDirectory();
  await cp(baseline, workdir, { recursive: true });
  const before = await fingerprint(workdir);
  const run = await runCli("synth", "--config", config, "--outdir", join(workdir, "dist"));
  expect(run.code, run.stderr).toBe(1);
  for (const error of errors) expect(run.stderr).toContain(`${blamed}: ${error}`);
  expect(run.stderr).toContain("nothing was written");
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(await fingerprint(workdir)).toBe(before);
  return run;
}

/** The valid shop config with a change, written to a fresh directory. */
async function shopWith(change: (config: any) => void, name = "shop.yaml"): Promise<string> {
  const config = yaml.load(readFileSync(SHOP, "utf8")) as any;
  change(config);
  const file = join(await temporaryDirectory(), name);
  await writeFile(file, name.endsWith(".json") ? JSON.stringify(config) : yaml.dump(config));
  return file;
}

describe("hostile spec fixtures", () => {
  const fixtures = readdirSync(FIXTURES).filter((name) => name !== "expectations.yaml");

  it("each have an expectation, and cover every class of spec defect", () => {
    expect(Object.keys(expectations).sort()).toEqual([...fixtures].sort());
    expect(new Set(Object.values(expectations).map((expectation) => expectation.class))).toEqual(
      new Set(["alias expansion", "nesting depth", "prototype keys", "reserved namespaces", "integer bounds", "encoding", "one error hides the others", "credentials in repoURL", "branch names", "secret detection"]),
    );
  });

  it.each(fixtures)("%s is refused, naming the file and field, with nothing written", async (fixture) => {
    const { errors, secret } = expectations[fixture]!;
    const run = await expectRefused(join(FIXTURES, fixture), errors);
    if (secret !== undefined) expect(`${run.stdout}\n${run.stderr}`).not.toContain(secret);
  });
});

describe("hostile specs too large to commit", () => {
  it("a value over the value limit is refused with its path (it overflowed the serializer's stack before)", async () => {
    const config = await shopWith((shop) => (shop.environments.dev.services.web.env = { BIG: "x".repeat(3 * 1024 * 1024) }), "shop.json");
    await expectRefused(config, ["environments.dev.services.web.env.BIG: is a value of 3 MiB; a value may hold at most 1 MiB"]);
  });

  it("values just under the limit, shaped against the patterns that check them, are checked in linear time (the run ends)", async () => {
    // Each shape made one of slipway's patterns backtrack quadratically: 10^12 steps at this size.
    const under = (unit: string, end = "") => unit.repeat(Math.floor((1_000_000 - end.length) / unit.length)) + end;
    const env = { URLISH: under("x-", "://"), SCHEMES: under("a://"), TOKENISH: under("eyJ-"), TEMPLATE: under("{{") };
    const config = await shopWith((shop) => (shop.environments.dev.services.web = { env }), "shop.json");
    const rendered = await runCli("synth", "--config", config, "--outdir", join(await temporaryDirectory(), "dist"));
    expect(rendered.code, rendered.stderr).toBe(0);
    const alert = await shopWith((shop) => {
      shop.environments.dev.alerting = { runbookBaseUrl: "https://runbooks.example.com" };
      shop.environments.dev.services.web = { alerts: [{ name: "WebSlow", expr: "vector(1)", summary: "slow", description: under("{{ ") }] };
    }, "shop.json");
    const refused = await runCli("synth", "--config", alert, "--outdir", join(await temporaryDirectory(), "dist"));
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('"WebSlow": annotation "description": template') });
    const quantity = await shopWith((shop) => (shop.services.web.resources = { requests: { memory: under("1", "/") } }), "shop.json");
    await expectRefused(quantity, ['services.web.resources.requests.memory: "1111']);
  });

  it("a file over the file-size limit is refused before it is read", async () => {
    const config = await shopWith(() => {});
    await truncate(config, INPUT_LIMITS.fileBytes + 1);
    await expectRefused(config, ["is 32 MiB or more; an input file may hold at most 32 MiB"]);
  });

  it("a TypeScript config whose data is cyclic is refused as too deep, not followed forever", async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, "cyclic.ts");
    await writeFile(file, `const shop: any = ${JSON.stringify(yaml.load(readFileSync(SHOP, "utf8")))};\nshop.services.web.env = { LOOP: shop };\nexport default shop;\n`);
    await expectRefused(file, ["services.web.env.LOOP.services.web.env.LOOP: nests more than 100 levels of mappings and lists (a cyclic or runaway structure), from here on: services.web.env.LOOP.services.web.env.LOOP…"]);
  });

  it("a TypeScript config whose export throws when read is a spec error, not a crash", async () => {
    const file = join(await temporaryDirectory(), "getter.ts");
    await writeFile(file, `export default { get platform() { throw new Error("no platform today"); } };\n`);
    await expectRefused(file, ["its default export cannot be read: no platform today"]);
  });

  it("an environment file named like an inherited property is refused", async () => {
    const directory = await temporaryDirectory();
    const shop = yaml.load(readFileSync(SHOP, "utf8")) as any;
    await writeFile(join(directory, "platform.yaml"), yaml.dump({ platform: shop.platform, services: shop.services }));
    await writeFile(join(directory, "constructor.yaml"), yaml.dump(shop.environments.prod));
    await expectRefused(directory, ['"constructor" is not a valid environment name: "constructor" is reserved'], join(directory, "constructor.yaml"));
  });

  it("a JSON config with a repeated key is refused (JSON.parse would keep the last silently)", async () => {
    const file = join(await temporaryDirectory(), "repeated.json");
    await writeFile(file, '{"platform": {"name": "a"}, "platform": {"name": "b"}, "services": {}, "environments": {}}');
    await expectRefused(file, ['platform: duplicate key "platform": each key may appear once']);
  });
});

describe("config paths and exit codes", () => {
  it.each(["synth", "check", "publish"])("%s with a --config that does not exist is a usage error (exit 2) naming the path", async (command) => {
    const run = await runCli(command, "--config", "no/such/config.yaml");
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining("no/such/config.yaml: no such file or directory") });
    expect(run.stderr).not.toContain("the spec is invalid");
  });

  it("diff outside a git repository, or against a revision that does not exist, says so in one line (exit 2)", async () => {
    const outside = await temporaryDirectory();
    const failure = await promisify(execFile)("node", [resolve("bin/slipway.js"), "diff"], { cwd: outside }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: `slipway: ${outside} is not inside a git repository: slipway diff compares the rendered output with a git revision; run it in the checkout\n` });
    expect(await runCli("diff", "--base", "no-such-revision")).toMatchObject({ code: 2, stderr: "slipway: unknown revision no-such-revision: fetch it first (e.g. git fetch origin) or name another with --base" });
  });

  it("a file-system failure is said in one line with the call and path (exit 1), not as a crash", async () => {
    const file = join(await temporaryDirectory(), "not-a-directory");
    await writeFile(file, "");
    const run = await runCli("synth", "--config", SHOP, "--outdir", join(file, "dist"));
    expect(run).toMatchObject({ code: 1, stderr: `slipway: cannot mkdir ${join(file, "dist")}: not a directory (ENOTDIR)` });
  });

  it("a config that is not a spec file (a device, a FIFO) is refused without reading it", async () => {
    expect(await runCli("synth", "--config", "/dev/zero")).toMatchObject({ code: 1, stderr: expect.stringContaining("/dev/zero: is not a config file") });
    const fifo = join(await temporaryDirectory(), "shop.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(await runCli("synth", "--config", fifo)).toMatchObject({ code: 1, stderr: expect.stringContaining(`${fifo}: is not a regular file`) });
  });
});

describe("output directories", () => {
  it("are created with the process's umask, like any other directory", async () => {
    const parent = await temporaryDirectory();
    const reference = join(parent, "reference");
    await mkdir(reference);
    expect(await runCli("synth", "--config", SHOP, "--outdir", join(parent, "dist"))).toMatchObject({ code: 0 });
    const mode = async (path: string) => (await stat(path)).mode & 0o777;
    for (const environment of ["dev", "prod"]) expect((await mode(join(parent, "dist", environment))).toString(8)).toBe((await mode(reference)).toString(8));
  });
});
