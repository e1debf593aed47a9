// Commits rendered environments to the GitOps output repository. Each attempt works in a fresh
// clone: fetch the target branches, check the source is newer than what they hold, replace the
// environments' files exactly, commit only when a manifest changed, and push without force. A
// branch whose last commit claims this very source but whose files differ (a hand edit in the
// output repository) is repaired by a commit saying so, or refused. A
// push that lost a race (another publisher won) starts the next attempt on the new tip after a
// jittered backoff; a push the remote refused fails at once with the remote's reason. Nothing
// reaches the remote before the one atomic push, so an interrupted run leaves the output
// repository as it was. Nothing is written through a symbolic link the output repository holds.
import { lstat, mkdir, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isSlipwayOutput } from "../render/write.js";
import { removalRefusal } from "./environment-removal.js";
import { type ChangedFile, commitMessage } from "./commit-message.js";
import { type FileChange, Git, GitError, gitReason, parseNameStatus } from "./git.js";
import { lastPublishedSource, orderAgainst, provenanceTrailers, PublishRefused, short, type SourceCommit } from "./provenance.js";
import { pushFailure } from "./push-outcome.js";
import { type Remote, remoteOf } from "./remote.js";
import { ARGOCD_OUTPUT, environmentBranch, HYDRATOR_METADATA } from "./targets.js";
import { removeStaleClones, temporaryClone } from "./temporary-clone.js";

export interface PublishedEnvironment {
  readonly name: string;
  /** Path inside the environment's folder → content. */
  readonly files: ReadonlyMap<string, string>;
}

export interface PublishOptions {
  /** URL or local path of the output repository; credentials in an http(s) URL are passed to git out of band. */
  readonly repo: string;
  /** folder: `<env>/` folders on `branch`. branch: one `environment/<env>` branch per environment. */
  readonly layout: "folder" | "branch";
  /** Branch of the folder layout. */
  readonly branch: string;
  /** Branch layout: write the `environment/<env>-next` staging branches a promoter merges from. */
  readonly next: boolean;
  /** Prepare the commits but push nothing. */
  readonly dryRun: boolean;
  /** The source repository checkout the render comes from (for the ancestry check). */
  readonly sourceDir: string;
  readonly source: SourceCommit;
  /** slipway's version, for the Rendered-By trailer. */
  readonly version: string;
  /** Restore a branch that claims this source's render but holds other files (a hand edit); false refuses instead. @default true */
  readonly repair?: boolean;
  /** Environments no longer in the config whose folders may be removed (folder layout); any other such folder refuses the publish. @default none */
  readonly remove?: readonly string[];
  /** Every environment of the config. In the folder layout, other slipway folders are removed when `remove` names them. */
  readonly environments: readonly PublishedEnvironment[];
  /** argocd/'s files, published beside the environments (folder layout) or on the argocd branch (branch layout, not with `next`). @default not published */
  readonly argocd?: ReadonlyMap<string, string>;
  /** Push attempts before giving up. @default 10 */
  readonly maxAttempts?: number;
  /** Base of the exponential backoff between attempts. @default 250 ms */
  readonly backoffMs?: number;
  /** Called before each push, with the attempt number and the clone (tests interrupt a publish here). */
  readonly beforePush?: (attempt: number, clone: string) => void | Promise<void>;
}

export interface PublishedCommit {
  readonly branch: string;
  readonly sha: string;
  readonly message: string;
  readonly changes: readonly ChangedFile[];
  /** The branch already claimed this source's render: the commit restores files edited by hand. */
  readonly repair: boolean;
  /** Folders of environments no longer in the config that the commit removes (folder layout). */
  readonly removedEnvironments: readonly string[];
}

export interface PublishResult {
  /** published: pushed; unchanged: no manifest differs; dry-run: commits prepared, nothing pushed. */
  readonly status: "published" | "unchanged" | "dry-run";
  readonly commits: readonly PublishedCommit[];
  readonly attempts: number;
}

/** One branch to write: which environments go to it and where. */
interface Target {
  readonly branch: string;
  readonly environments: readonly PublishedEnvironment[];
  /** Folder layout: environments in `<env>/`; branch layout: the one environment at the root. */
  readonly inFolders: boolean;
}

export class PublishFailed extends Error {
  override name = "PublishFailed";
}

export async function publish(options: PublishOptions): Promise<PublishResult> {
  const maxAttempts = options.maxAttempts ?? 10;
  const targets = publishTargets(options);
  const remote = remoteOf(options.repo);
  removeStaleClones();
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const clone = await temporaryClone();
    try {
      const { git, remoteTips } = await cloneTargets(clone.directory, remote, targets);
      const commits: PublishedCommit[] = [];
      for (const target of targets) {
        const commit = await commitTarget(git, target, remoteTips.has(target.branch), options);
        if (commit !== undefined) commits.push(commit);
      }
      if (commits.length === 0) return { status: "unchanged", commits, attempts: attempt };
      if (options.dryRun) return { status: "dry-run", commits, attempts: attempt };
      await options.beforePush?.(attempt, clone.directory);
      const pushed = await push(git, commits, remoteTips, remote);
      if (pushed) return { status: "published", commits, attempts: attempt };
    } catch (error) {
      if (error instanceof GitError) throw new PublishFailed(`${remote.display}: ${error.message}`);
      throw error;
    } finally {
      clone.remove();
    }
    if (attempt < maxAttempts) await sleep(backoff(attempt, options.backoffMs ?? 250));
  }
  throw new PublishFailed(`${maxAttempts} push attempts to ${remote.display} were rejected because other publishers kept moving the branch; nothing was pushed, run publish again`);
}

function publishTargets(options: PublishOptions): Target[] {
  const argocd = options.argocd === undefined ? [] : [{ name: ARGOCD_OUTPUT, files: options.argocd }];
  if (options.layout === "folder") return [{ branch: options.branch, environments: [...argocd, ...options.environments], inFolders: true }];
  // The staging branches a promoter merges from get no argocd branch: the Applications track the promoted ones.
  const argocdBranch = options.next ? [] : argocd.map((output) => ({ branch: ARGOCD_OUTPUT, environments: [output], inFolders: false }));
  return [...argocdBranch, ...options.environments.map((environment) => ({ branch: environmentBranch(environment.name, options.next), environments: [environment], inFolders: false }))];
}

/** A fresh clone holding the target branches that exist, as origin/<branch>; remoteTips records their SHAs. */
async function cloneTargets(workdir: string, remote: Remote, targets: readonly Target[]): Promise<{ git: Git; remoteTips: Map<string, string> }> {
  const git = new Git(workdir, remote.env);
  await git.run(["init", "--quiet"]);
  await git.run(["remote", "add", "origin", remote.url]);
  if (!(await git.succeeds(["config", "user.email"])) && process.env.GIT_COMMITTER_EMAIL === undefined) {
    await git.run(["config", "user.name", "slipway"]);
    await git.run(["config", "user.email", "slipway@users.noreply.invalid"]);
  }
  const remoteTips = await listRemoteBranches(git, targets.map(({ branch }) => branch));
  const existing = [...remoteTips.keys()];
  if (existing.length > 0) await git.run(["fetch", "--quiet", "--no-tags", "origin", ...existing.map((branch) => `+refs/heads/${branch}:refs/remotes/origin/${branch}`)]);
  return { git, remoteTips };
}

async function listRemoteBranches(git: Git, branches: readonly string[]): Promise<Map<string, string>> {
  const output = await git.run(["ls-remote", "--heads", "origin", ...branches.map((branch) => `refs/heads/${branch}`)]);
  const tips = new Map<string, string>();
  for (const line of output.split("\n").filter(Boolean)) {
    const [sha, ref] = line.split("\t") as [string, string];
    tips.set(ref.replace(/^refs\/heads\//, ""), sha);
  }
  return tips;
}

/** Checks out the target branch, replaces the environments' files and commits when a manifest changed. */
async function commitTarget(git: Git, target: Target, exists: boolean, options: PublishOptions): Promise<PublishedCommit | undefined> {
  const workdir = git.cwd;
  // The branch's last commit says it holds this source's render: its files are compared all the same.
  let claimsThisSource = false;
  if (exists) {
    claimsThisSource = (await orderAgainst(options.sourceDir, options.source.sha, await lastPublishedSource(git, `refs/remotes/origin/${target.branch}`))) === "same";
    await git.run(["checkout", "--quiet", "--force", "-B", target.branch, `refs/remotes/origin/${target.branch}`]);
  } else {
    await git.run(["checkout", "--quiet", "--force", "--orphan", target.branch]);
    await git.run(["rm", "-r", "--quiet", "--cached", "--ignore-unmatch", "."]);
  }
  await git.run(["clean", "--quiet", "-d", "--force", "-x"]);

  let removedEnvironments: string[] = [];
  if (target.inFolders) {
    removedEnvironments = await removeStaleEnvironmentFolders(workdir, new Set(target.environments.map(({ name }) => name)), options.remove ?? [], target.branch);
    for (const environment of target.environments) {
      await refuseSymbolicLink(workdir, environment.name, target.branch);
      await replaceDirectory(join(workdir, environment.name), environment.files);
    }
  } else {
    const environment = target.environments[0]!;
    await replaceDirectory(workdir, new Map([...environment.files, [HYDRATOR_METADATA, hydratorMetadata(options.source)]]));
  }

  await git.run(["add", "--all"]);
  const changes = await stagedChanges(git, workdir, target, exists);
  // hydrator.metadata names the source commit: it changes every time, which alone is no change.
  if (changes.filter(({ path }) => target.inFolders || path !== HYDRATOR_METADATA).length === 0) return undefined;
  if (claimsThisSource && options.repair === false) {
    const files = changes.map(({ environment, path }) => (target.inFolders ? `${environment}/${path}` : path));
    throw new PublishRefused(
      `${target.branch} says it holds the render of ${short(options.source.sha)}, but ${files.length} file(s) differ from it (edited in the output repository?): ${files.slice(0, 10).join(", ")}${files.length > 10 ? ", …" : ""}; publish without --no-repair restores the render`,
    );
  }
  const message = commitMessage(options.source, changes, provenanceTrailers(options.source, options.version), claimsThisSource);
  const messageFile = join(workdir, ".git", "SLIPWAY_COMMIT_MESSAGE");
  await writeFile(messageFile, message);
  await git.run(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "--file", messageFile]);
  return { branch: target.branch, sha: (await git.run(["rev-parse", "HEAD"])).trim(), message, changes, repair: claimsThisSource, removedEnvironments };
}

/**
 * In the folder layout, folders of environments the config no longer has go too, when --remove names
 * them (their names returned); folders slipway did not write stay.
 */
async function removeStaleEnvironmentFolders(workdir: string, rendered: ReadonlySet<string>, remove: readonly string[], branch: string): Promise<string[]> {
  const entries = (await readdir(workdir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && entry.name !== ".git");
  const stale: string[] = [];
  for (const { name } of entries) if (!rendered.has(name) && (await isSlipwayOutput(join(workdir, name)))) stale.push(name);
  const present = new Set(entries.map(({ name }) => name));
  const added = [...rendered].filter((name) => name !== ARGOCD_OUTPUT && !present.has(name));
  const refusal = removalRefusal({ stale: stale.sort(), added: added.sort(), remove, where: `${branch} of the output repository` });
  if (refusal !== undefined) throw new PublishRefused(refusal);
  for (const name of stale) await rm(join(workdir, name), { recursive: true, force: true });
  return stale;
}

/**
 * Refuses to write where the checked-out branch holds a symbolic link: writing through it would
 * replace files outside the clone (a branch anyone who can push to the output repository controls).
 */
async function refuseSymbolicLink(workdir: string, path: string, branch: string): Promise<void> {
  const info = await lstat(join(workdir, path)).catch(() => undefined);
  if (info?.isSymbolicLink() !== true) return;
  const target = await readlink(join(workdir, path)).catch(() => "?");
  throw new PublishRefused(
    `branch ${branch} of the output repository holds ${path} as a symbolic link (to ${target}); slipway never writes through a symbolic link: replace it with a directory in the output repository (git rm ${path}), then publish again`,
  );
}

/** Makes directory hold exactly files (its .git aside); every entry is removed, a symbolic link as a link. */
async function replaceDirectory(directory: string, files: ReadonlyMap<string, string>): Promise<void> {
  await mkdir(directory, { recursive: true });
  for (const entry of await readdir(directory)) if (entry !== ".git") await rm(join(directory, entry), { recursive: true, force: true });
  for (const [path, content] of files) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content);
  }
}

async function stagedChanges(git: Git, workdir: string, target: Target, hasParent: boolean): Promise<ChangedFile[]> {
  const entries = hasParent
    ? parseNameStatus(await git.run(["diff", "--cached", "--name-status", "--no-renames", "-z", "HEAD"]))
    : (await git.run(["ls-files", "--cached", "-z"])).split("\0").flatMap((path): [string, FileChange][] => (path === "" ? [] : [[path, "added"]]));
  const changes: ChangedFile[] = [];
  for (const [path, change] of entries) {
    const content = change === "deleted" ? await git.run(["show", `HEAD:${path}`]) : await readFile(join(workdir, path), "utf8");
    const [environment, inner] = target.inFolders ? splitFirst(path) : [target.environments[0]!.name, path];
    changes.push({ environment, path: inner, change, content });
  }
  return changes;
}

/**
 * Pushes every commit in one atomic push. false when the push lost a race (retry on the new tip);
 * a PublishFailed with the remote's reason when it was refused, which retrying cannot fix.
 */
async function push(git: Git, commits: readonly PublishedCommit[], basedOn: ReadonlyMap<string, string>, remote: Remote): Promise<boolean> {
  try {
    await git.run(["push", "--porcelain", "--atomic", "--no-verify", "origin", ...commits.map(({ sha, branch }) => `${sha}:refs/heads/${branch}`)]);
    return true;
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    const failure = pushFailure(error.stdout, error.stderr);
    if (failure?.kind === "race") return false;
    if (failure?.kind === "refused") {
      const said = failure.remote.length > 0 ? `; the remote said:\n  ${failure.remote.join("\n  ")}` : "";
      throw new PublishFailed(`${remote.display} refused the push (${failure.refs.join("; ")})${said}\nnothing was pushed; publishing again will not help until the remote accepts the commit`);
    }
    // No ref status: the push never got as far as the refs. A branch that moved meanwhile is still a race.
    const now = await listRemoteBranches(git, commits.map(({ branch }) => branch)).catch(() => undefined);
    if (now !== undefined && commits.some(({ branch }) => now.get(branch) !== basedOn.get(branch))) return false;
    throw new PublishFailed(`pushing to ${remote.display} failed: ${gitReason(error.stderr)}`);
  }
}

/** The GitOps Promoter hydrator contract: the source ("dry") commit of this hydrated commit. */
export function hydratorMetadata(source: SourceCommit): string {
  const metadata = { drySha: source.sha, repoURL: source.repoURL, author: source.author, date: source.date, subject: source.subject, ...(source.body === "" ? {} : { body: source.body }) };
  return `${JSON.stringify(metadata, null, 2)}\n`;
}

/** 2^attempt × base, capped at 5 s, times a random factor in [0.5, 1.5) so racing publishers spread out. */
function backoff(attempt: number, baseMs: number): number {
  return Math.min(5000, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function splitFirst(path: string): [string, string] {
  const slash = path.indexOf("/");
  return slash === -1 ? ["", path] : [path.slice(0, slash), path.slice(slash + 1)];
}
