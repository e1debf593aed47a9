// Hostile output repositories and credentials, against real git: a branch holding a symbolic link
// out of the clone, a server hook that refuses pushes, a token in the --repo URL served over HTTP
// by git's own http-backend, and publishers killed mid-push.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publishCommand } from "../../cli/publish.js";
import { readTree } from "../../render/read-tree.js";
import { runCli } from "../support/cli.js";
import { fingerprint, temporaryDirectory } from "../support/files.js";
import { gitHttpServer, type GitHttpServer } from "../support/git-http-server.js";
import { bareRepository, git, sourceRepository } from "../support/git-repos.js";

const TOKEN = "glpat-Hostile0Token0Value0123";

let source: Awaited<ReturnType<typeof sourceRepository>>;

beforeEach(async () => {
  source = await sourceRepository();
});

/** Every file under a directory whose bytes contain the token. */
async function filesHolding(root: string, secret: string): Promise<string[]> {
  return [...(await readTree(root).catch(() => new Map<string, string>()))].filter(([, content]) => content.includes(secret)).map(([path]) => path);
}

const clonesIn = (directory: string) => readdirSync(directory).filter((name) => name.startsWith("slipway-publish-"));

/** A directory outside every repository, holding a file, and its fingerprint. */
async function outsideDirectory(): Promise<{ outside: string; before: string }> {
  const outside = await temporaryDirectory("slipway-outside-");
  await writeFile(join(outside, "precious.txt"), "not slipway's\n");
  return { outside, before: await fingerprint(outside) };
}

/** An output repository whose `branch` holds `path` as a symbolic link to `target`. */
async function repositoryWithLink(branch: string, path: string, target: string): Promise<string> {
  const output = await bareRepository();
  const work = join(await temporaryDirectory(), "work");
  git(output, "clone", "--quiet", output, work);
  git(work, "checkout", "--quiet", "-b", branch);
  await symlink(target, join(work, path));
  git(work, "add", path);
  git(work, "commit", "--quiet", "-m", `${path} is a link`);
  git(work, "push", "--quiet", "origin", branch);
  return output;
}

describe("an output repository holding a symbolic link", () => {
  it("is refused, naming the link; the directory it points to and the branch stay as they were", async () => {
    const { outside, before } = await outsideDirectory();
    const output = await repositoryWithLink("main", "dev", outside);
    const tip = git(output, "rev-parse", "main");

    const run = await runCli("publish", "--config", source.config, "--repo", output);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`slipway: publish refused: branch main of the output repository holds dev as a symbolic link (to ${outside})`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(await fingerprint(outside)).toBe(before);
    expect(git(output, "rev-parse", "main")).toBe(tip);
  });

  it("in the branch layout, a link inside the branch is replaced by the render's directory, never written through", async () => {
    const { outside, before } = await outsideDirectory();
    const output = await repositoryWithLink("environment/dev", "shop-dev", outside);

    const run = await runCli("publish", "--config", source.config, "--repo", output, "--layout", "branch");
    expect(run.code, run.stderr).toBe(0);
    expect(await fingerprint(outside)).toBe(before);
    expect(git(output, "ls-tree", "environment/dev", "shop-dev")).toMatch(/^040000 tree /);
  });

  it("in the local output directory, an environment that is a link is refused and what it points to is untouched", async () => {
    const { outside, before } = await outsideDirectory();
    const outdir = join(await temporaryDirectory(), "dist");
    await mkdir(outdir);
    await symlink(outside, join(outdir, "dev"));
    const run = await runCli("synth", "--config", source.config, "--outdir", outdir);
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining(`${join(outdir, "dev")} is a symbolic link; slipway writes each environment as a directory of its own`) });
    expect(await fingerprint(outside)).toBe(before);
    expect(readdirSync(outdir)).toEqual(["dev"]);
  });
});

describe("a push the output repository refuses", () => {
  it("fails at once with the remote's reason, not as a lost race after ten attempts", async () => {
    const output = await bareRepository();
    const count = join(await temporaryDirectory(), "hook-runs");
    await writeFile(join(output, "hooks", "pre-receive"), `#!/bin/sh\necho run >> '${count}'\necho "policy: pushes to main need a change ticket" >&2\nexit 1\n`);
    await chmod(join(output, "hooks", "pre-receive"), 0o755);
    const run = await runCli("publish", "--config", source.config, "--repo", output);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("refused the push (main: [remote rejected] (pre-receive hook declined)); the remote said:");
    expect(run.stderr).toContain("policy: pushes to main need a change ticket");
    expect(run.stderr).not.toContain("other publishers kept moving the branch");
    expect(readFileSync(count, "utf8")).toBe("run\n");
    expect(git(output, "for-each-ref")).toBe("");
  });
});

describe("a branch given as a full ref", () => {
  it("is a usage error, and nothing is pushed", async () => {
    const output = await bareRepository();
    const run = await runCli("publish", "--config", source.config, "--repo", output, "--branch", "refs/heads/main");
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('--branch "refs/heads/main" is not a git branch name: it is a full ref: name the branch without "refs/heads/" (e.g. "main")') });
    expect(git(output, "for-each-ref")).toBe("");
  });
});

describe("credentials in the --repo URL", () => {
  let server: GitHttpServer;
  let root: string;
  let temporary: string;
  let savedTmpdir: string | undefined;

  beforeEach(async () => {
    root = await temporaryDirectory("slipway-http-");
    execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", join(root, "out.git")]);
    server = await gitHttpServer(root, "ci-bot", TOKEN);
    temporary = await temporaryDirectory("slipway-tmp-");
    savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
  });

  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await server.close();
  });

  const repo = () => `${server.base.replace("://", `://ci-bot:${TOKEN}@`)}/out.git`;

  it("are sent to the server, never written to the clone, printed, or left behind", async () => {
    const configs: string[] = [];
    const result = await publishCommand({
      config: source.config,
      repo: repo(),
      next: false,
      dryRun: false,
      beforePush: async (_attempt, clone) => void configs.push(await readFile(join(clone, ".git", "config"), "utf8")),
    });
    expect(result.status).toBe("published");
    expect(git(join(root, "out.git"), "ls-tree", "-r", "--name-only", "main")).toContain("dev/shop-dev/deployment-web.yaml");
    expect(server.authorizations).toContain(`Basic ${Buffer.from(`ci-bot:${TOKEN}`).toString("base64")}`);
    expect(configs).toHaveLength(1);
    expect(configs[0]).toContain(`url = ${server.base}/out.git`);
    expect(configs[0]).not.toContain(TOKEN);
    expect(clonesIn(temporary)).toEqual([]);

    const again = await runCli("publish", "--config", source.config, "--repo", repo());
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining(`nothing to publish: ${server.base.replace("://", "://ci-bot:***@")}/out.git already holds the render`) });
    expect(`${again.stdout}${again.stderr}`).not.toContain(TOKEN);
    expect(await filesHolding(temporary, TOKEN)).toEqual([]);
  });

  it("are masked in the message of a publish the server rejects (wrong password), and no clone is left", async () => {
    const wrong = repo().replace(TOKEN, `${TOKEN}-revoked`);
    const run = await runCli("publish", "--config", source.config, "--repo", wrong);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("slipway: publish failed: http://ci-bot:***@127.0.0.1:");
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    expect(clonesIn(temporary)).toEqual([]);
  });

  it("a publish killed mid-push removes its clone on SIGTERM; after SIGKILL the clone holds no token and the next publish removes it", async () => {
    let release: () => void = () => {};
    server.holdPushes(new Promise<void>((resolve) => (release = resolve)));
    const publisher = (): ChildProcess =>
      spawn("node", ["bin/slipway.js", "publish", "--config", source.config, "--repo", repo()], { env: { ...process.env, TMPDIR: temporary }, stdio: "ignore" });
    const exited = (child: ChildProcess) => new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));

    const terminated = publisher();
    await server.pushArrived();
    const [clone] = clonesIn(temporary);
    expect(clone).toBeDefined();
    expect(readFileSync(join(temporary, clone!, ".git", "config"), "utf8")).not.toContain(TOKEN);
    terminated.kill("SIGTERM");
    expect(await exited(terminated)).toBe("SIGTERM");
    expect(clonesIn(temporary)).toEqual([]);

    const killed = publisher();
    while (clonesIn(temporary).length === 0 || !existsSync(join(temporary, clonesIn(temporary)[0]!, ".git", "config"))) await new Promise((resolve) => setTimeout(resolve, 20));
    killed.kill("SIGKILL");
    expect(await exited(killed)).toBe("SIGKILL");
    expect(clonesIn(temporary)).toHaveLength(1);
    expect(await filesHolding(temporary, TOKEN)).toEqual([]);

    release();
    expect((await runCli("publish", "--config", source.config, "--repo", repo())).code).toBe(0);
    expect(clonesIn(temporary)).toEqual([]);
  });
});
