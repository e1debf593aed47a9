// The diff command: what the rendered output changes against a base revision, per environment —
// the risks first (wider access, new exposure or egress, lower availability, deletions, RBAC and Pod
// Security), then each service's changes by cause, then the files. CI posts it on pull requests so
// a reviewer sees the blast radius of a spec change before reading the YAML.
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { type EnvironmentReview, reviewEnvironment } from "../diff/environment-review.js";
import { objectsOf } from "../diff/object-changes.js";
import { RISK_CATEGORIES } from "../diff/risks/risk-check.js";
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

export interface DiffFile extends ChangedFile {
  /** The file's content at the base revision; undefined when it was added. */
  readonly before?: string;
}

export interface EnvironmentDiff {
  /** The environment, or "argocd". */
  readonly name: string;
  readonly files: readonly DiffFile[];
  /** Its changed objects: risk flags, and changes per service. */
  readonly review: EnvironmentReview;
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

  const groups = new Map<string, DiffFile[]>();
  for (const [path, change] of entries.sort(([a], [b]) => compareStrings(a, b))) {
    const before = change === "added" ? undefined : await git.run(["show", `${options.base}:./${path}`]);
    const content = change === "deleted" ? before! : await readFile(join(cwd, path), "utf8");
    const [environment, inner] = placeOf(path, options.outdir, argocdDir);
    groups.set(environment, [...(groups.get(environment) ?? []), { environment, path: inner, change, content, ...(before === undefined ? {} : { before }) }]);
  }
  return [...groups.entries()].map(([name, files]) => ({
    name,
    files,
    review: reviewEnvironment(
      objectsOf(files.flatMap(({ before }) => (before === undefined ? [] : [before]))),
      objectsOf(files.flatMap(({ change, content }) => (change === "deleted" ? [] : [content]))),
    ),
  }));
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

/** Every environment's flags, in RISK_CATEGORIES order, then by environment. */
function flagLines(diff: readonly EnvironmentDiff[], format: (category: string, environment: string, service: string, message: string) => string): string[] {
  return RISK_CATEGORIES.flatMap((category) =>
    diff.flatMap(({ name, review }) => review.flags.filter((flag) => flag.category === category).map((flag) => format(category, name, flag.service, flag.message))),
  );
}

export function diffText(base: string, diff: readonly EnvironmentDiff[]): string {
  if (diff.length === 0) return `no rendered file differs from ${base}`;
  const flags = flagLines(diff, (category, environment, _service, message) => `  [${category}] ${environment}: ${message}`);
  const review = flags.length === 0 ? [] : [`review first: ${flags.length} change(s) widen access, lower availability, delete objects or touch RBAC or Pod Security`, ...flags, ""];
  const environments = diff.map(({ name, files, review: { services } }) =>
    [
      `${name}: ${files.length} file(s) changed (${counts(files).join(", ")})`,
      ...services.flatMap(({ service, lines }) => lines.map((line) => `  ${service} ${line}`)),
      ...files.map((file) => `    ${file.change.padEnd(8)} ${label(file)}  (${file.path})`),
    ].join("\n"),
  );
  return [...review, environments.join("\n")].join("\n");
}

const code = (text: string) => `\`${text.replaceAll("`", "'")}\``;

export function diffMarkdown(base: string, diff: readonly EnvironmentDiff[]): string {
  const heading = `### Rendered changes against \`${base}\``;
  if (diff.length === 0) return `${heading}\n\nNo rendered file changed.\n`;
  const flags = flagLines(diff, (category, environment, service, message) => `- **${category}** · ${environment} · ${code(service)}: ${message}`);
  const review = flags.length === 0 ? ["No change widens access, lowers availability, deletes objects or touches RBAC or Pod Security."] : [`#### Review first (${flags.length})`, "", ...flags];
  const sections = diff.map(({ name, files, review: { services } }) => {
    const changes = services.flatMap(({ service, lines }) => lines.map((line) => `- ${code(service)} ${line}`));
    const rows = files.map((file) => `| ${file.change} | ${describeObject(file.content) ?? "—"} | \`${file.path}\` |`);
    return [`#### ${name}`, "", ...(changes.length === 0 ? [] : [...changes, ""]), `<details><summary>${files.length} file(s) — ${counts(files).join(", ")}</summary>`, "", "| Change | Object | File |", "| --- | --- | --- |", ...rows, "", "</details>"].join("\n");
  });
  return `${heading}\n\n${review.join("\n")}\n\n${sections.join("\n\n")}\n`;
}
