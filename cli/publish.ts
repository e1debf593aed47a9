// The publish command: render and validate in memory, then commit the output to the GitOps output
// repository with the provenance of the source checkout the config lives in.
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { publish, type PublishResult } from "../gitops/publish.js";
import { PublishRefused, readSourceCommit, type SourceCommit, uncommittedChanges } from "../gitops/provenance.js";
import { removalOfDeclared } from "../gitops/environment-removal.js";
import { gitopsSettings } from "../gitops/targets.js";
import { branchNameProblem } from "../spec/formats.js";
import { loadEnvironments } from "../spec/index.js";
import { maskUrlCredentials } from "../spec/url-credentials.js";
import { UsageError, ValidationFailed } from "./errors.js";
import { inMemory, removalNotices, render } from "./render.js";
import { slipwayVersion } from "./version.js";

export interface PublishCommandOptions {
  /** Config file or directory, inside a git checkout of the source repository. */
  readonly config: string;
  /** @default platform.gitops.repoURL. Credentials in an http(s) URL are passed to git in its environment, never written or printed. */
  readonly repo?: string;
  /** @default platform.gitops.branch, else "main" */
  readonly branch?: string;
  /** @default platform.gitops.layout, else "folder" */
  readonly layout?: "folder" | "branch";
  /** Branch layout only: write the environment/<env>-next branches. */
  readonly next: boolean;
  readonly dryRun: boolean;
  /** Restore files edited by hand in the output repository; false refuses the publish instead. @default true */
  readonly repair?: boolean;
  /** Environments no longer in the spec whose folders this publish may remove (folder layout). @default none */
  readonly remove?: readonly string[];
  readonly schemas?: string;
  /** Tests interrupt a publish here; see PublishOptions.beforePush. */
  readonly beforePush?: (attempt: number, clone: string) => void | Promise<void>;
}

export interface PublishCommandResult extends PublishResult {
  readonly repo: string;
  readonly layout: "folder" | "branch";
  readonly source: SourceCommit;
  readonly notices: readonly string[];
  /** With GitOps delivery, what the environments this publish removes do in the clusters. */
  readonly removalNotices: readonly string[];
}

export async function publishCommand(options: PublishCommandOptions): Promise<PublishCommandResult> {
  const settings = gitopsSettings((await loadEnvironments(options.config))[0]!.platform);
  const repo = options.repo ?? settings?.repoURL;
  if (repo === undefined) throw new UsageError("name the output repository: --repo <url|path>, or platform.gitops.repoURL in the spec");
  const layout = options.layout ?? settings?.layout ?? "folder";
  if (options.next && layout !== "branch") throw new UsageError("--next needs the branch layout (--layout branch)");
  if (options.branch !== undefined && layout === "branch") throw new UsageError("--branch applies to the folder layout; the branch layout writes environment/<env> branches");
  const branchProblem = options.branch === undefined ? undefined : branchNameProblem(options.branch);
  if (branchProblem !== undefined) throw new UsageError(`--branch "${options.branch}" is not a git branch name: it ${branchProblem}`);

  const rendering = await render({ config: options.config, schemas: options.schemas });
  const misuse = removalOfDeclared(options.remove ?? [], rendering.environments.map(({ name }) => name));
  if (misuse !== undefined) throw new UsageError(misuse);
  const errors = rendering.findings.filter(({ severity }) => severity === "error");
  if (errors.length > 0) throw new ValidationFailed(errors);

  const sourceDir = (await stat(options.config)).isDirectory() ? options.config : dirname(options.config);
  const source = await readSourceCommit(sourceDir);
  const dirty = await uncommittedChanges(sourceDir);
  if (dirty.length > 0 && !options.dryRun) {
    throw new PublishRefused(`the source checkout has uncommitted changes, so its render is not commit ${source.sha.slice(0, 12)}'s; commit or stash them:\n  ${dirty.slice(0, 10).join("\n  ")}`);
  }
  const result = await publish({
    repo,
    layout,
    branch: options.branch ?? settings?.branch ?? "main",
    next: options.next,
    dryRun: options.dryRun,
    repair: options.repair ?? true,
    ...(options.remove === undefined ? {} : { remove: options.remove }),
    sourceDir,
    source,
    version: slipwayVersion(),
    environments: rendering.environments.map(inMemory),
    ...(rendering.argocd === undefined ? {} : { argocd: rendering.argocd.files }),
    beforePush: options.beforePush,
  });
  const notices = [...rendering.notices, ...(dirty.length > 0 ? ["the source checkout has uncommitted changes: this dry run shows them, a publish would refuse"] : [])];
  const removed = result.commits.flatMap(({ removedEnvironments }) => removedEnvironments);
  return { ...result, repo: maskUrlCredentials(repo), layout, source, notices, removalNotices: removalNotices(rendering, removed) };
}
