// Real git repositories for publish tests: a source repository whose commits change a config, and
// bare output repositories. No mocks: every test runs the git CLI.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { temporaryDirectory } from "./files.js";

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } }).trim();
}

export async function bareRepository(): Promise<string> {
  const directory = await temporaryDirectory("slipway-output-");
  git(directory, "init", "--quiet", "--bare", "--initial-branch=main");
  return directory;
}

export const CONFIG_FILE = "slipway.yaml";

/** The shop platform with a mutable config: `edit` changes it and commits. */
export async function sourceRepository(): Promise<{ dir: string; config: string; edit: (change: (config: any) => void, message: string) => Promise<string> }> {
  const dir = await temporaryDirectory("slipway-source-");
  const config = yaml.load(await readFile("test/fixtures/valid/shop.yaml", "utf8")) as any;
  config.platform.gitops = { repoURL: "https://git.example.com/acme/shop-deploy.git" };
  git(dir, "init", "--quiet", "--initial-branch=main");
  await writeFile(join(dir, CONFIG_FILE), yaml.dump(config));
  git(dir, "add", ".");
  git(dir, "commit", "--quiet", "-m", "Shop platform");
  const edit = async (change: (config: any) => void, message: string) => {
    const current = yaml.load(await readFile(join(dir, CONFIG_FILE), "utf8")) as any;
    change(current);
    await writeFile(join(dir, CONFIG_FILE), yaml.dump(current));
    git(dir, "commit", "--quiet", "--allow-empty", "-am", message);
    return git(dir, "rev-parse", "HEAD");
  };
  return { dir, config: join(dir, CONFIG_FILE), edit };
}

/** Files of a branch's tip: path → content. */
export function treeOf(repo: string, ref: string): Map<string, string> {
  const paths = git(repo, "ls-tree", "-r", "--name-only", ref).split("\n").filter(Boolean);
  return new Map(paths.map((path) => [path, execFileSync("git", ["show", `${ref}:${path}`], { cwd: repo, encoding: "utf8" })]));
}

export function trailer(repo: string, ref: string, key: string): string {
  return git(repo, "log", "-1", `--format=%(trailers:key=${key},valueonly)`, ref);
}

/** Source-Commit trailers from the oldest commit to the tip. */
export function publishedSources(repo: string, ref: string): string[] {
  return git(repo, "log", "--reverse", "--format=%(trailers:key=Source-Commit,valueonly,separator=%x2C)", ref).split("\n").filter(Boolean);
}
