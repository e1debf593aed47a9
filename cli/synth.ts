// The synth command: render in memory, and write only when every environment resolves and every
// rendered object validates.
import { basename, dirname, join } from "node:path";
import { removalOfDeclared, removalRefusal } from "../gitops/environment-removal.js";
import { abortOutput, commitOutput, type FileChanges, newOutputs, OutputRefused, removeOutputDirectory, staleOutputs, writeOutput } from "../render/write.js";
import { formatFinding } from "../validate/finding.js";
import { UsageError, ValidationFailed } from "./errors.js";
import { removalNotices, render, type RenderOptions } from "./render.js";
import { timedAsync } from "./stages.js";

export interface SynthOptions {
  /** Config file or directory. */
  readonly config: string;
  readonly outdir: string;
  /** Where the Argo CD objects go. @default `argocd` beside outdir */
  readonly argocdDir?: string;
  /** Render only these environments (and prune nothing). @default every environment */
  readonly environments?: readonly string[];
  /** Environments no longer in the spec whose output may be deleted; any other such output stops the render. @default none */
  readonly remove?: readonly string[];
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
  /** Called as each environment is rendered and validated, before anything is written. @default nothing */
  readonly onEnvironment?: RenderOptions["onEnvironment"];
}

export interface SynthResult {
  /** Each environment rendered, and what the render changed in its directory. */
  readonly environments: readonly { readonly name: string; readonly objects: number; readonly files: number; readonly changes?: FileChanges }[];
  /** Directories of environments no longer declared, removed from the output directory. */
  readonly removed: readonly string[];
  /** With GitOps delivery, what removing those environments does in the clusters. */
  readonly removalNotices: readonly string[];
  /** Objects written to the Argo CD directory, when it was rendered. */
  readonly argocd?: { readonly objects: number; readonly files: number };
  readonly notices: readonly string[];
}

/** argocd/ sits beside the output directory, as in the repository layout: dist/ and argocd/. */
export function defaultArgoCdDir(outdir: string): string {
  return join(dirname(outdir), "argocd");
}

export async function synth(options: SynthOptions): Promise<SynthResult> {
  // Each environment's files are staged next to its output as it is rendered, and swapped in only
  // once every environment and every object has passed.
  const rendering = await render({ ...options, stageInto: options.outdir });
  const staged = rendering.staged!;
  const errors = rendering.findings.filter(({ severity }) => severity === "error");
  if (errors.length > 0) {
    await abortOutput(staged);
    throw new ValidationFailed(errors);
  }
  const remove = options.remove ?? [];
  const misuse = !rendering.complete && remove.length > 0 ? "--remove needs every environment rendered: leave out --env" : removalOfDeclared(remove, rendering.environments.map(({ name }) => name));
  const refusal = rendering.complete ? removalRefusal({ stale: await staleOutputs(staged), added: newOutputs(staged), remove, where: `${options.outdir}/` }) : undefined;
  if (misuse !== undefined || refusal !== undefined) {
    await abortOutput(staged);
    throw misuse !== undefined ? new UsageError(misuse) : new OutputRefused(refusal!);
  }
  const argocdDir = options.argocdDir ?? defaultArgoCdDir(options.outdir);
  const removed = await timedAsync("write", async () => {
    const files = new Map(rendering.environments.flatMap((environment) => (environment.staged === undefined ? [] : [[environment.name, environment.staged] as const])));
    const pruned = await commitOutput(staged, { prune: rendering.complete }, files);
    if (rendering.argocd !== undefined) {
      await writeOutput(dirname(argocdDir), [{ name: basename(argocdDir), files: rendering.argocd.files }], { prune: false });
    } else if (rendering.complete) {
      await removeOutputDirectory(argocdDir);
    }
    return pruned;
  });
  return {
    environments: rendering.environments.map(({ name, objectCount, fileCount, staged: files }) => ({ name, objects: objectCount, files: fileCount, ...(files === undefined ? {} : { changes: files.changes }) })),
    removed,
    removalNotices: removalNotices(rendering, removed),
    ...(rendering.argocd === undefined ? {} : { argocd: { objects: rendering.argocd.objects.length, files: rendering.argocd.files.size } }),
    notices: [...rendering.notices, ...rendering.findings.map((finding) => `warning: ${formatFinding(finding)}`)],
  };
}
