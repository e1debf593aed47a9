// slipway used the way a platform team outside this repository uses it: packed with `npm pack`,
// installed from the tarball into empty directories that know nothing of this checkout, then
// `slipway init`, the scaffold's own install, render, tests and validation; and the construct
// library example compiled with `tsc --strict` and tested there against its committed snapshot.
// Slow (npm installs from the registry or its cache): about a minute and a half.
import { execFile } from "node:child_process";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { fingerprint, temporaryDirectory } from "../support/files.js";

const exec = promisify(execFile);
const NODE_MAJOR = Number(process.versions.node.split(".")[0]);

interface Run {
  readonly code: number;
  readonly output: string;
}

/**
 * Runs a command as a user's shell would: this node first on PATH, and none of the npm_* variables
 * of the `npm test` that runs this file (they would point npm at this repository).
 */
async function sh(cwd: string, command: string, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|INIT_CWD$|CI$|VITEST|NODE_OPTIONS$)/i.test(key)));
  env.PATH = `${join(process.execPath, "..")}:${process.env.PATH}`;
  env.NO_COLOR = "1";
  try {
    const { stdout, stderr } = await exec(command, [...args], { cwd, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === "number" ? failure.code : 1, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline"];

describe("the packed package, installed outside this repository", () => {
  let tarball: string;
  let platform: string;
  const installs: string[] = [];

  beforeAll(async () => {
    const packs = await temporaryDirectory("slipway-pack-");
    const pack = await sh(process.cwd(), "npm", ["pack", "--pack-destination", packs]);
    expect(pack.code, pack.output).toBe(0);
    tarball = join(packs, (await readdir(packs)).find((name) => name.endsWith(".tgz"))!);

    // A place to run `slipway init` from: slipway installed on its own, as a global install would be.
    const tools = await temporaryDirectory("slipway-tools-");
    await sh(tools, "npm", ["init", "-y"]);
    const install = await sh(tools, "npm", [...NPM_INSTALL, tarball]);
    expect(install.code, install.output).toBe(0);
    installs.push(install.output);

    platform = join(await temporaryDirectory("slipway-platform-"), "shop");
    const init = await sh(tools, join(tools, "node_modules", ".bin", "slipway"), ["init", platform, "--slipway", tarball]);
    expect(init.code, init.output).toBe(0);
    const scaffoldInstall = await sh(platform, "npm", NPM_INSTALL);
    expect(scaffoldInstall.code, scaffoldInstall.output).toBe(0);
    installs.push(scaffoldInstall.output);
  }, 600_000);

  it("holds only what runs: the compiled entries and their types, schemas, templates; no sources or tests", async () => {
    const list = await sh(process.cwd(), "tar", ["tzf", tarball]);
    const files = list.output.trim().split("\n");
    expect(files).toEqual(expect.arrayContaining(["package/build/slipway.mjs", "package/build/index.mjs", "package/build/constructs.mjs", "package/build/types/index.d.ts", "package/imports/schemas/_definitions.json", "package/LICENSE"]));
    expect(files.filter((file) => /\.ts$/.test(file) && !/\.d\.ts$/.test(file) && !file.startsWith("package/templates/"))).toEqual([]);
    expect(files.filter((file) => /^package\/(test|environments|dist|argocd|examples|spec|cli|constructs)\//.test(file))).toEqual([]);
  });

  it.runIf(NODE_MAJOR >= 22)("installs with no engine warning on a supported Node", () => {
    for (const output of installs) expect(output).not.toContain("EBADENGINE");
  });

  it("scaffolds a repository that renders, passes its own tests and validates", async () => {
    expect((await readdir(platform)).sort()).toEqual([".github", ".gitignore", "README.md", "cdk8s.yaml", "environments", "node_modules", "package-lock.json", "package.json", "test", "tsconfig.json"]);
    const installed = await fingerprint(join(platform, "node_modules", "slipway"));

    const synth = await sh(platform, "npm", ["run", "synth"]);
    expect(synth.code, synth.output).toBe(0);
    expect(synth.output).toContain("dev: 18 objects, 20 files (20 added, 0 changed, 0 unchanged, 0 removed) → dist/dev/");
    expect(synth.output).toContain("production: 19 objects, 21 files (21 added, 0 changed, 0 unchanged, 0 removed) → dist/production/");

    // The first run records the snapshots; the second, as CI runs it, must match them.
    const first = await sh(platform, "npm", ["test"]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain("2 written");
    const again = await sh(platform, "npm", ["test"], { CI: "true" });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/Tests\s+9 passed/);
    expect(again.output).toContain("slipway check: 41 files match a fresh render");

    const validate = await sh(platform, "npx", ["slipway", "validate", "dist/"]);
    expect(validate.code, validate.output).toBe(0);
    expect(validate.output).toContain("37 objects in 2 environment(s): 0 error(s), 0 warning(s)");

    // The caches are the project's; the installed package is as npm unpacked it.
    expect(await readdir(join(platform, "node_modules", ".cache", "slipway"))).toEqual(expect.arrayContaining(["configs", "validators"]));
    expect(await fingerprint(join(platform, "node_modules", "slipway"))).toBe(installed);
  }, 300_000);

  it("typechecks a TypeScript config importing slipway, and rejects a wrong field at compile time", async () => {
    const typecheck = await sh(platform, "npx", ["tsc", "--noEmit"]);
    expect(typecheck.code, typecheck.output).toBe(0);
    const source = await readFile(join(platform, "environments", "dev.ts"), "utf8");
    expect(source).toContain('import { defineEnvironment } from "slipway";');
    const broken = join(platform, "environments", "_broken.ts");
    await cp(join(platform, "environments", "dev.ts"), broken);
    await writeFile(broken, source.replace("replicas: 1", 'replicas: "one"'));
    const rejected = await sh(platform, "npx", ["tsc", "--noEmit"]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.output).toContain("environments/_broken.ts");
    await rm(broken);
  }, 120_000);

  it("compiles the construct library example with tsc --strict and passes its snapshot tests", async () => {
    const example = join(platform, "examples", "cdk8s-app");
    await cp("examples/cdk8s-app", example, { recursive: true });
    const typecheck = await sh(platform, "npx", ["tsc", "-p", "examples/cdk8s-app/app/tsconfig.json"]);
    expect(typecheck.code, typecheck.output).toBe(0);
    // CI=true: the committed snapshot must match; none is written.
    const test = await sh(platform, "npx", ["vitest", "run", "examples/cdk8s-app"], { CI: "true" });
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/Tests\s+5 passed/);
  }, 120_000);
});
