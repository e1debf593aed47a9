// slipway init: the scaffold's files, its refusals, and that both forms render the same platform.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { platformName } from "../cli/init.js";
import { slipwayVersion } from "../cli/version.js";
import { runCli } from "./support/cli.js";
import { fingerprint, readTree, temporaryDirectory } from "./support/files.js";

const SCAFFOLD = [".github/workflows/platform.yaml", ".gitignore", "README.md", "cdk8s.yaml", "environments/dev.ts", "environments/platform.ts", "environments/production.ts", "package.json", "test/platform.test.ts", "tsconfig.json"];

describe("slipway init", () => {
  it("writes a repository that depends on this slipway, with every placeholder filled", async () => {
    const directory = join(await temporaryDirectory(), "Acme Shop");
    const run = await runCli("init", directory);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`slipway init: platform acme-shop in ${directory}/ (10 files`);
    const files = await readTree(directory);
    expect([...files.keys()].sort()).toEqual(SCAFFOLD);
    for (const [path, content] of files) expect(content, path).not.toMatch(/\{\{\w+\}\}/);
    const manifest = JSON.parse(files.get("package.json")!);
    expect(manifest).toMatchObject({ name: "acme-shop", private: true, type: "module", dependencies: { slipway: `^${slipwayVersion()}` }, engines: { node: ">=22.12" } });
    expect(manifest.scripts).toEqual({ synth: "slipway synth", test: "tsc --noEmit && vitest run && slipway check", diff: "slipway diff" });
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(["@types/node", "typescript", "vitest"]);
    expect(files.get("environments/platform.ts")).toContain('import { definePlatform } from "slipway";');
    expect(files.get("environments/platform.ts")).toContain('platform: { name: "acme-shop"');
    // The README's first two commands are the ones that work on a new checkout.
    expect(files.get("README.md")!.split("\n").slice(2, 6).join("\n")).toBe("```sh\nnpm install && npm run synth   # install, then render every environment in environments/ to dist/<env>/\nnpm test                       # typecheck, test the rendered manifests, and check dist/ is up to date\n```");
    expect(files.get(".github/workflows/platform.yaml")).toMatch(/npx slipway check[\s\S]*npx slipway diff --base/);
  });

  it("renders the same platform from the TypeScript and the YAML form, with no finding", async () => {
    const root = await temporaryDirectory();
    const rendered: string[] = [];
    for (const form of [[], ["--yaml"]]) {
      const directory = join(root, form.length === 0 ? "typescript" : "yaml");
      expect((await runCli("init", directory, "--name", "shop", ...form)).code).toBe(0);
      const synth = await runCli("synth", "--config", join(directory, "environments"), "--outdir", join(directory, "dist"));
      expect(synth.code, synth.stderr).toBe(0);
      expect(synth.stderr).not.toContain("warning");
      rendered.push(await fingerprint(join(directory, "dist")));
    }
    expect(rendered[1]).toBe(rendered[0]);
    expect(await readdir(join(root, "yaml", "environments"))).toEqual(["dev.yaml", "platform.yaml", "production.yaml"]);
  });

  it("refuses a directory that is not empty unless --force, and leaves it as it was", async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, "notes.txt"), "mine\n");
    const before = await fingerprint(directory);
    const refused = await runCli("init", directory);
    expect(refused).toMatchObject({ code: 1, stderr: `slipway: init refused: ${directory} is not empty (1 entry); choose an empty or new directory, or pass --force to write the scaffold's files into it` });
    expect(await fingerprint(directory)).toBe(before);
    expect((await runCli("init", directory, "--force", "--name", "shop")).code).toBe(0);
    expect(await readFile(join(directory, "notes.txt"), "utf8")).toBe("mine\n");
    expect(await readdir(join(directory, "environments"))).toHaveLength(3);
  });

  it("refuses a name that is not a DNS label, and takes arguments strictly", async () => {
    const directory = await temporaryDirectory();
    expect(await runCli("init", join(directory, "new"), "--name", "Shop_1")).toMatchObject({ code: 1, stderr: expect.stringContaining('"Shop_1" is not a valid platform name') });
    expect(await readdir(directory)).toEqual([]);
    expect(await runCli("init", "a", "b")).toMatchObject({ code: 2, stderr: "slipway: init takes one directory, not 2" });
  });

  it("depends on a tarball or checkout by a path relative to the new repository", async () => {
    const root = await temporaryDirectory();
    await mkdir(join(root, "packs"));
    await writeFile(join(root, "packs", "slipway-0.1.0.tgz"), "");
    expect((await runCli("init", join(root, "shop"), "--slipway", join(root, "packs", "slipway-0.1.0.tgz"))).code).toBe(0);
    expect(JSON.parse(await readFile(join(root, "shop", "package.json"), "utf8")).dependencies.slipway).toBe("file:../packs/slipway-0.1.0.tgz");
    expect((await runCli("init", join(root, "other"), "--slipway", "github:acme/slipway#v1")).code).toBe(0);
    expect(JSON.parse(await readFile(join(root, "other", "package.json"), "utf8")).dependencies.slipway).toBe("github:acme/slipway#v1");
  });

  it.each([
    ["Acme Shop", "acme-shop"],
    ["2nd_platform", "nd-platform"],
    ["shop--", "shop"],
  ])("names the platform after the directory %j: %j", (directory, name) => {
    expect(platformName(directory)).toBe(name);
  });
});
