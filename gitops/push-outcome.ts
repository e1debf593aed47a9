// Why a push failed, read from `git push --porcelain`: a lost race (another publisher moved the
// branch, or held its lock), which the next attempt on the new tip fixes; or a refusal (a hook,
// a protected branch, missing permission), which no retry can fix and whose reason the user needs.

export type PushFailure =
  | { readonly kind: "race" }
  | {
      readonly kind: "refused";
      /** Each refused ref with git's status, e.g. "main: [remote rejected] (pre-receive hook declined)". */
      readonly refs: readonly string[];
      /** What the remote printed ("remote: …" lines), without the prefix. */
      readonly remote: readonly string[];
    };

/** Rejections a later attempt can overcome: the branch moved, or a concurrent push held its lock. */
const RACE = /^(fetch first|non-fast-forward|stale info|cannot lock ref|failed to update ref|incorrect old value provided|failed to lock)/i;
/**
 * Statuses of an atomic push's ref transaction as a whole: with another ref's own status they only
 * follow it; alone, the remote failed to lock or update a ref because another push got there first.
 */
const SECONDARY = /^atomic (push|transaction) failed/i;

/** Classifies a failed `git push --porcelain`; undefined when git printed no ref status (no connection, no access). */
export function pushFailure(stdout: string, stderr: string): PushFailure | undefined {
  const statuses = stdout
    .split("\n")
    .map((line) => /^!\t[^\t]*:refs\/heads\/([^\t]+)\t\[(rejected|remote rejected|remote failure)\]\s*(?:\((.*)\))?$/.exec(line))
    .filter((match) => match !== null)
    .map(([, branch, status, reason = ""]) => ({ branch: branch!, status: status!, reason: reason.trim() }));
  if (statuses.length === 0) return undefined;
  const primary = statuses.filter(({ reason }) => !SECONDARY.test(reason));
  if (primary.every(({ reason }) => RACE.test(reason))) return { kind: "race" };
  return {
    kind: "refused",
    refs: primary.map(({ branch, status, reason }) => `${branch}: [${status}]${reason === "" ? "" : ` (${reason})`}`),
    remote: stderr
      .split("\n")
      .filter((line) => line.startsWith("remote:"))
      .map((line) => line.slice("remote:".length).trim())
      .filter(Boolean),
  };
}
