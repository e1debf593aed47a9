// Where a render comes from, and where it stands against what was published before: every output
// commit carries its source commit in trailers, and a source commit older than the last published
// one is refused so a late CI run never overwrites a newer render.
import { resolve } from "node:path";
import { withoutUrlCredentials } from "../spec/url-credentials.js";
import { Git } from "./git.js";

export const TRAILER = { sourceCommit: "Source-Commit", sourceRepo: "Source-Repo", renderedBy: "Rendered-By" } as const;

export interface SourceCommit {
  readonly sha: string;
  /** The source repository's URL without credentials, or its path. */
  readonly repoURL: string;
  /** `Name <email>` of the commit's author. */
  readonly author: string;
  /** The commit's author date, ISO 8601. */
  readonly date: string;
  readonly subject: string;
  readonly body: string;
}

/** A publish that must not happen: its source is older than, or diverged from, what is published. */
export class PublishRefused extends Error {
  override name = "PublishRefused";
}

export async function readSourceCommit(sourceDir: string, repoURL?: string): Promise<SourceCommit> {
  const git = new Git(sourceDir);
  const sha = (await git.run(["rev-parse", "--verify", "HEAD^{commit}"]).catch((error: unknown) => {
    throw new PublishRefused(`${sourceDir} is not a git checkout with a commit: publish records the source commit of every render (${(error as Error).message})`);
  })).trim();
  const [author = "", date = "", subject = "", body = ""] = (await git.run(["show", "-s", "--format=%an <%ae>%x00%aI%x00%s%x00%b", sha])).split("\0");
  const origin = await git.run(["remote", "get-url", "origin"]).then((url) => url.trim(), () => undefined);
  const toplevel = (await git.run(["rev-parse", "--show-toplevel"])).trim();
  return { sha, repoURL: withoutUrlCredentials(repoURL ?? origin ?? resolve(toplevel)), author, date, subject, body: body.trim() };
}

/** Uncommitted changes (tracked or not) in the source checkout: its render would not be its commit's. */
export async function uncommittedChanges(sourceDir: string): Promise<string[]> {
  return (await new Git(sourceDir).run(["status", "--porcelain"])).split("\n").filter((line) => line !== "");
}

export function provenanceTrailers(source: SourceCommit, version: string): string[] {
  return [`${TRAILER.sourceCommit}: ${source.sha}`, `${TRAILER.sourceRepo}: ${source.repoURL}`, `${TRAILER.renderedBy}: slipway ${version}`];
}

/** The Source-Commit of the newest commit on ref that has one. */
export async function lastPublishedSource(output: Git, ref: string): Promise<string | undefined> {
  const value = await output.run(["log", "-1", "-E", `--grep=^${TRAILER.sourceCommit}: `, `--format=%(trailers:key=${TRAILER.sourceCommit},valueonly,separator=%x2C)`, ref]);
  return value.trim().split(",")[0] || undefined;
}

/**
 * "newer" when ours descends from the last published source commit (or nothing was published),
 * "same" when it is that commit. Refuses an ancestor (a late run) and a commit on another line of
 * history; refuses too when the last published commit is unknown here (a shallow clone).
 */
export async function orderAgainst(sourceDir: string, ours: string, last: string | undefined): Promise<"newer" | "same"> {
  if (last === undefined) return "newer";
  if (last === ours) return "same";
  const git = new Git(sourceDir);
  if (!(await git.succeeds(["cat-file", "-e", `${last}^{commit}`]))) {
    throw new PublishRefused(
      `the last published source commit ${last} is not in this checkout, so slipway cannot tell whether ${short(ours)} is newer; fetch the full history (actions/checkout: fetch-depth: 0)`,
    );
  }
  if (await git.succeeds(["merge-base", "--is-ancestor", ours, last])) {
    throw new PublishRefused(`source commit ${short(ours)} is older than ${short(last)}, which is already published; a newer render must not be overwritten (publish from ${short(last)} or a descendant)`);
  }
  if (!(await git.succeeds(["merge-base", "--is-ancestor", last, ours]))) {
    throw new PublishRefused(`source commit ${short(ours)} does not descend from the published ${short(last)}; publish only from the history the output repository follows`);
  }
  return "newer";
}

export function short(sha: string): string {
  return sha.slice(0, 12);
}
