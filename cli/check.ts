// The check command: render in memory and compare with the committed output, so stale dist/ or
// argocd/ fails CI instead of reaching the output repository.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readTree } from "../render/read-tree.js";
import { isSlipwayOutput } from "../render/write.js";
import { compareStrings } from "../spec/order.js";
import { inMemory, render } from "./render.js";
import { defaultArgoCdDir } from "./synth.js";

export interface CheckOptions {
  /** Config file or directory. */
  readonly config: string;
  readonly outdir: string;
  /** @default `argocd` beside outdir */
  readonly argocdDir?: string;
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
}

export type Change = "modified" | "missing" | "stale";

export interface Difference {
  readonly path: string;
  /** modified: content differs; missing: rendered but not on disk; stale: on disk but no longer rendered. */
  readonly change: Change;
}

export interface CheckResult {
  readonly differences: readonly Difference[];
  /** Files compared, rendered and on disk together. */
  readonly files: number;
}

export async function check(options: CheckOptions): Promise<CheckResult> {
  // Staleness only: validity is synth's and validate's job, and promtool does not change a byte.
  const rendering = await render({ config: options.config, schemas: options.schemas, promtool: false });
  const argocdDir = options.argocdDir ?? defaultArgoCdDir(options.outdir);
  const expected = new Map<string, string>();
  const roots = rendering.environments.map(({ name }) => join(options.outdir, name));
  rendering.environments.forEach((output, index) => addUnder(expected, roots[index]!, inMemory(output).files));
  if (rendering.argocd !== undefined) {
    addUnder(expected, argocdDir, rendering.argocd.files);
    roots.push(argocdDir);
  } else if (await isSlipwayOutput(argocdDir)) {
    roots.push(argocdDir);
  }
  for (const entry of await readdir(options.outdir, { withFileTypes: true }).catch(() => [])) {
    const path = join(options.outdir, entry.name);
    if (entry.isDirectory() && !roots.includes(path) && (await isSlipwayOutput(path))) roots.push(path);
  }
  const actual = new Map<string, string>();
  for (const root of roots) addUnder(actual, root, await readTree(root));

  const differences: Difference[] = [];
  for (const [path, content] of expected) {
    const onDisk = actual.get(path);
    if (onDisk === undefined) differences.push({ path, change: "missing" });
    else if (onDisk !== content) differences.push({ path, change: "modified" });
  }
  for (const path of actual.keys()) if (!expected.has(path)) differences.push({ path, change: "stale" });
  return { differences: differences.sort((a, b) => compareStrings(a.path, b.path)), files: new Set([...expected.keys(), ...actual.keys()]).size };
}

function addUnder(target: Map<string, string>, root: string, files: ReadonlyMap<string, string>): void {
  for (const [path, content] of files) target.set(join(root, path), content);
}
