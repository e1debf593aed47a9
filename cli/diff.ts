// The diff command: which rendered files changed against a base revision, per environment, with
// the object each file holds. CI posts it on pull requests so a reviewer sees the blast radius of a
// spec change before reading the YAML.
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { type ChangedFile, describeObject } from "../gitops/commit-message.js";
import { Git, parseNameStatus } from "../gitops/git.js";
import { compareStrings } from "../spec/order.js";
import { UsageError } from "./errors.js";
import { defaultArgoCdDir } from "./synth.js";

export interface DiffOptions {
  /** Git revision to compare with, e.g. origin/main. */
  readonly base: string;
  readonly outdir: string;
  /** @default `argocd` beside outdir */
  readonly argocdDir?: string;
  /** A directory inside the source checkout; paths are relative to it. @default "." */
  readonly cwd?: string;
}

export interface EnvironmentDiff {
  /** The environment, or "argocd". */
  readonly name: string;
  readonly files: readonly ChangedFile[];
}

/** Working tree (committed or not, untracked included) against base, for outdir and the Argo CD directory. */
export async function renderedDiff(options: DiffOptions): Promise<EnvironmentDiff[]> {
  const cwd = options.cwd ?? ".";
  const git = new Git(cwd);
  if (!(await git.succeeds(["rev-parse", "--is-inside-work-tree"]))) {
    throw new UsageError(`${resolve(cwd)} is not inside a git repository: slipway diff compares the rendered output with a git revision; run it in the checkout`);
  }
  if (!(await git.succeeds(["rev-parse", "--verify", "--quiet", `${options.base}^{commit}`]))) {
    throw new UsageError(`unknown revision ${options.base}: fetch it first (e.g. git fetch origin) or name another with --base`);
  }
  const argocdDir = options.argocdDir ?? defaultArgoCdDir(options.outdir);
  const roots = [options.outdir, argocdDir];
  const entries = parseNameStatus(await git.run(["diff", "--name-status", "--no-renames", "--relative", "-z", options.base, "--", ...roots]));
  for (const path of (await git.run(["ls-files", "--others", "--exclude-standard", "-z", "--", ...roots])).split("\0").filter(Boolean)) entries.push([path, "added"]);

  const groups = new Map<string, ChangedFile[]>();
  for (const [path, change] of entries.sort(([a], [b]) => compareStrings(a, b))) {
    const content = change === "deleted" ? await git.run(["show", `${options.base}:./${path}`]) : await readFile(join(cwd, path), "utf8");
    const [environment, inner] = placeOf(path, options.outdir, argocdDir);
    groups.set(environment, [...(groups.get(environment) ?? []), { environment, path: inner, change, content }]);
  }
  return [...groups.entries()].map(([name, files]) => ({ name, files }));
}

/** (environment or "argocd", path inside it). */
function placeOf(path: string, outdir: string, argocdDir: string): [string, string] {
  const inArgoCd = relative(argocdDir, path);
  if (!inArgoCd.startsWith("..")) return ["argocd", inArgoCd];
  const [environment = "", ...rest] = relative(outdir, path).split(sep);
  return [environment, rest.join("/")];
}

const label = (file: ChangedFile) => describeObject(file.content) ?? file.path;
const counts = (files: readonly ChangedFile[]) =>
  (["added", "modified", "deleted"] as const).flatMap((change) => {
    const count = files.filter((file) => file.change === change).length;
    return count === 0 ? [] : [`${count} ${change}`];
  });

export function diffText(base: string, diff: readonly EnvironmentDiff[]): string {
  if (diff.length === 0) return `no rendered file differs from ${base}`;
  return diff
    .map(({ name, files }) => [`${name}: ${files.length} file(s) changed (${counts(files).join(", ")})`, ...files.map((file) => `  ${file.change.padEnd(8)} ${label(file)}  (${file.path})`)].join("\n"))
    .join("\n");
}

export function diffMarkdown(base: string, diff: readonly EnvironmentDiff[]): string {
  const heading = `### Rendered changes against \`${base}\``;
  if (diff.length === 0) return `${heading}\n\nNo rendered file changed.\n`;
  const sections = diff.map(({ name, files }) => {
    const rows = files.map((file) => `| ${file.change} | ${describeObject(file.content) ?? "—"} | \`${file.path}\` |`);
    return [`<details><summary><b>${name}</b>: ${files.length} file(s) — ${counts(files).join(", ")}</summary>`, "", "| Change | Object | File |", "| --- | --- | --- |", ...rows, "", "</details>"].join("\n");
  });
  return `${heading}\n\n${sections.join("\n\n")}\n`;
}
