import { execFile } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { configArgument, LARGE_CONFIG_BYTES } from "../bin/config-size.js";
import { main } from "../main.js";
import { runCli } from "./support/cli.js";
import { fingerprint, projectCopy, readTree, temporaryDirectory } from "./support/files.js";

const run = promisify(execFile);

describe("slipway CLI", () => {
  it("prints usage with --help (exit 0) and without a command (exit 2)", async () => {
    expect(await runCli("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("synth") });
    expect(await runCli()).toMatchObject({ code: 2 });
    expect(await runCli("synth", "--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("--outdir") });
  });

  it("rejects unknown commands and options with exit 2", async () => {
    expect(await runCli("deploy")).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "deploy"') });
    expect(await runCli("synth", "--force")).toMatchObject({ code: 2, stderr: expect.stringContaining("--force") });
  });

  it("reports a missing config as a usage error", async () => {
    expect(await runCli("synth", "--config", "no/such/config.yaml")).toMatchObject({ code: 2, stderr: expect.stringContaining("no/such/config.yaml: no such file or directory") });
  });

  it("renders byte-identical output twice, equal to the committed dist/ and argocd/", async () => {
    const [first, second] = [await temporaryDirectory(), await temporaryDirectory()];
    const run = await runCli("synth", "--outdir", join(first, "dist"));
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining("production:") });
    expect(run.stdout).toContain(`argocd: 18 objects, 19 files → ${join(first, "argocd")}/`);
    expect(await runCli("synth", "--outdir", join(second, "dist"))).toMatchObject({ code: 0 });
    expect(await fingerprint(first)).toBe(await fingerprint(second));
    expect(await readTree(join(first, "dist"))).toEqual(await readTree("dist"));
    expect(await readTree(join(first, "argocd"))).toEqual(await readTree("argocd"));
  });

  it("says per environment how many files it added, changed, left and removed, and names a removed environment's directory", async () => {
    const outdir = join(await temporaryDirectory(), "dist");
    const config = "test/fixtures/valid/shop.yaml";
    const first = await runCli("synth", "--config", config, "--outdir", outdir);
    expect(first.stdout).toContain(`dev: 19 objects, 21 files (21 added, 0 changed, 0 unchanged, 0 removed) → ${outdir}/dev/`);
    expect((await runCli("synth", "--config", config, "--outdir", outdir)).stdout).toContain(`dev: 19 objects, 21 files (0 added, 0 changed, 21 unchanged, 0 removed) → ${outdir}/dev/`);
    await rm(join(outdir, "dev/shop-dev/service-web.yaml"));
    await writeFile(join(outdir, "dev/shop-dev/deployment-web.yaml"), "edited by hand\n");
    await writeFile(join(outdir, "dev/shop-dev/stray.yaml"), "a: 1\n");
    await run("cp", ["-r", join(outdir, "prod"), join(outdir, "qa")]);
    const third = await runCli("synth", "--config", config, "--outdir", outdir, "--remove", "qa");
    expect(third.stdout).toContain(`dev: 19 objects, 21 files (1 added, 1 changed, 19 unchanged, 1 removed) → ${outdir}/dev/`);
    expect(third.stdout).toContain(`qa: no longer an environment; removed ${outdir}/qa/`);
    expect(await readdir(outdir)).not.toContain("qa");
  });

  it("deletes a removed environment's output only when --remove names it, and refuses a rename with the reason", async () => {
    const directory = await temporaryDirectory();
    const config = join(directory, "shop.yaml");
    const spec = yaml.load(await readFile("test/fixtures/valid/shop.yaml", "utf8")) as any;
    await writeFile(config, yaml.dump(spec));
    const outdir = join(directory, "dist");
    expect((await runCli("synth", "--config", config, "--outdir", outdir)).code).toBe(0);
    const before = await fingerprint(outdir);

    // prod renamed to production: refused, nothing written.
    spec.environments.production = spec.environments.prod;
    delete spec.environments.prod;
    await writeFile(config, yaml.dump(spec));
    const renamed = await runCli("synth", "--config", config, "--outdir", outdir);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toContain(`slipway: ${outdir}/ holds the output of prod, no longer an environment in the spec: removing it takes its objects out of Git (and Argo CD prunes them), so it is done only when asked: run again with --remove prod, or declare it again`);
    expect(renamed.stderr).toContain("If prod was renamed to production: an environment cannot be renamed in place. Every object carries app.kubernetes.io/instance: <service>-<environment>");
    expect(renamed.stderr).toContain("nothing was written");
    expect(await fingerprint(outdir)).toBe(before);

    // --remove must name an environment gone from the spec, and every environment must be rendered.
    expect(await runCli("synth", "--config", config, "--outdir", outdir, "--remove", "dev")).toMatchObject({ code: 2, stderr: expect.stringContaining("--remove dev: still an environment in the spec; delete it from the spec first") });
    expect(await runCli("synth", "--config", config, "--outdir", outdir, "--env", "dev", "--remove", "prod")).toMatchObject({ code: 2, stderr: expect.stringContaining("--remove needs every environment rendered: leave out --env") });
    expect(await fingerprint(outdir)).toBe(before);

    // Asked for, the removal happens; rendering only some environments never removes any.
    const removed = await runCli("synth", "--config", config, "--outdir", outdir, "--remove", "prod");
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(`prod: no longer an environment; removed ${outdir}/prod/`);
    expect(await readdir(outdir)).toEqual(expect.arrayContaining(["dev", "production"]));
    expect(await readdir(outdir)).not.toContain("prod");
  });

  it("says what removing an environment does in the clusters when Argo CD delivers the platform", async () => {
    const directory = await temporaryDirectory();
    const config = join(directory, "shop.yaml");
    const spec = yaml.load(await readFile("test/fixtures/valid/shop.yaml", "utf8")) as any;
    spec.platform.gitops = { repoURL: "https://git.example.com/acme/shop-deploy.git" };
    await writeFile(config, yaml.dump(spec));
    const outdir = join(directory, "dist");
    expect((await runCli("synth", "--config", config, "--outdir", outdir)).code).toBe(0);
    expect(await readdir(join(directory, "argocd"))).toContain("10-application-shop-prod.yaml");
    delete spec.environments.prod;
    await writeFile(config, yaml.dump(spec));
    const run = await runCli("synth", "--config", config, "--outdir", outdir, "--remove", "prod");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`prod: no longer an environment; removed ${outdir}/prod/`);
    expect(run.stderr).toContain("slipway: environment prod is no longer in the spec: its Argo CD Application shop-prod (and one per additional cluster and per namespace it does not own) leaves argocd/, but the root Application never prunes it");
    expect(run.stderr).toContain("argocd app delete shop-prod");
    expect(await readdir(join(directory, "argocd"))).not.toContain("10-application-shop-prod.yaml");
    // Without GitOps delivery there is no Application to speak of.
    const plain = await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", join(directory, "plain"));
    expect(plain.stderr).not.toContain("no longer in the spec");
  });

  it("under cdk8s-cli (CDK8S_OUTDIR set), which hides the app's stdout, reports on stderr", async () => {
    const outdir = join(await temporaryDirectory(), "dist");
    const cdk8sOut = join(await temporaryDirectory(), "cdk8s.out");
    const { stdout, stderr } = await run(process.execPath, ["bin/slipway.js", "synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir], { env: { ...process.env, CDK8S_OUTDIR: cdk8sOut } });
    expect(stdout).toBe("");
    expect(stderr).toContain(`dev: 19 objects, 21 files (21 added, 0 changed, 0 unchanged, 0 removed) → ${outdir}/dev/`);
    // cdk8s-cli says "No manifests synthesized" unless its directory holds a *.k8s.yaml: this one names slipway's output.
    const pointer = await readFile(join(cdk8sOut, "slipway.k8s.yaml"), "utf8");
    expect(pointer).toContain(`#   ${outdir}/dev/\n#   ${outdir}/prod/\n`);
    expect(pointer.split("\n").every((line) => line === "" || line.startsWith("#"))).toBe(true);
  });

  it("says each environment as it is rendered: a line on stderr, or a status line on a terminal", async () => {
    const outdir = await temporaryDirectory();
    const piped = await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir);
    expect(piped.stderr.split("\n").filter((line) => line.includes("rendered"))).toEqual(["slipway: rendered dev (19 objects), 1 of 2 environments", "slipway: rendered prod (31 objects), 2 of 2 environments"]);
    const status: string[] = [];
    const err: string[] = [];
    const code = await main(["synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir], { out: () => {}, err: (line) => err.push(line), status: (line) => status.push(line) });
    expect(code).toBe(0);
    expect(status).toEqual(["slipway: rendered dev (19 objects), 1 of 2 environments…", ""]);
    expect(err.filter((line) => line.includes("rendered"))).toEqual([]);
  });

  it("renders only the environments asked for with --env, leaving the others", async () => {
    const outdir = await temporaryDirectory();
    await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir);
    const prodBefore = await fingerprint(join(outdir, "prod"));
    expect(await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir, "--env", "dev")).toMatchObject({ code: 0, stdout: expect.not.stringContaining("prod") });
    expect(await readdir(outdir)).toEqual(["dev", "prod"]);
    expect(await fingerprint(join(outdir, "prod"))).toBe(prodBefore);
    expect(await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--env", "qa")).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown environment qa; the config defines dev, prod") });
  });

  it("is installed as the slipway bin (npx slipway synth --help)", async () => {
    const { stdout } = await run("npx", ["--no-install", "slipway", "synth", "--help"]);
    expect(stdout).toContain("Usage: slipway synth");
  });

  it("bin/slipway.js passes arguments, output and exit code through, in the first process and when it restarts node for a large config", async () => {
    const failed = (args: string[]) =>
      run("node", args).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
    expect(await failed(["bin/slipway.js", "synth", "--config", "no/such/config.yaml"])).toMatchObject({ code: 2, stderr: expect.stringContaining("no/such/config.yaml: no such file or directory") });
    const large = join(await temporaryDirectory(), "large.yaml");
    await writeFile(large, `${"# padding\n".repeat(LARGE_CONFIG_BYTES / 10)}namespaces: {}\n`);
    expect(await failed(["bin/slipway.js", "synth", "-c", large])).toMatchObject({ code: 1, stderr: expect.stringContaining(`${large}: a single-file config needs`) });
    const { stdout } = await run("node", ["--v8-pool-size=1", "bin/slipway.js", "synth", "--help"]);
    expect(stdout).toContain("Usage: slipway synth");
  });

  it("npx cdk8s synth renders dist/ through cdk8s.yaml, and a failure leaves dist/ alone", async () => {
    const workdir = await projectCopy();
    await rm(join(workdir, "dist"), { recursive: true });
    await run("npx", ["cdk8s", "synth", "--check-upgrade=false"], { cwd: workdir });
    expect(await fingerprint(join(workdir, "dist"))).toBe(await fingerprint("dist"));

    await writeFile(join(workdir, "environments", "dev.ts"), 'export default { namespaces: {}, replicas: "many" };\n');
    const failure = await run("npx", ["cdk8s", "synth", "--check-upgrade=false"], { cwd: workdir }).then(
      () => undefined,
      (error: { stderr: string }) => error,
    );
    expect(failure?.stderr).toContain("environments/dev.ts: namespaces: declare at least one namespace");
    expect(await fingerprint(join(workdir, "dist"))).toBe(await fingerprint("dist"));
  });
});

describe("configArgument", () => {
  it("finds the config a command line names in any of its spellings, else the default", () => {
    expect(configArgument(["synth", "--config", "a.yaml", "--outdir", "out"])).toBe("a.yaml");
    expect(configArgument(["synth", "--config=b.yaml"])).toBe("b.yaml");
    expect(configArgument(["diff", "-c", "c.yaml", "--base", "main"])).toBe("c.yaml");
    expect(configArgument(["synth", "--outdir", "out"])).toBe("environments");
  });
});
