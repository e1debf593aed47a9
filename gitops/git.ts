// The git CLI, run as a child process: no library re-implements git's push and locking semantics.
import { execFile } from "node:child_process";

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}: ${stderr.trim() || "no output"}`);
    this.name = "GitError";
  }
}

export type FileChange = "added" | "modified" | "deleted";

/** The output of `git diff --name-status --no-renames -z` as (path, change) pairs. */
export function parseNameStatus(output: string): [path: string, change: FileChange][] {
  const fields = output.split("\0");
  const entries: [string, FileChange][] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const status = fields[index]!;
    entries.push([fields[index + 1]!, status === "A" ? "added" : status === "D" ? "deleted" : "modified"]);
  }
  return entries;
}

/** Never prompt for credentials (CI has no terminal); always English messages. */
const GIT_ENV = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" };

export class Git {
  constructor(readonly cwd: string) {}

  /** Runs git and returns its stdout; rejects with a GitError carrying stderr. */
  run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile("git", [...args], { cwd: this.cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...GIT_ENV } }, (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new GitError(args, typeof error.code === "number" ? error.code : undefined, stderr || error.message));
      });
    });
  }

  /** Runs git and reports whether it exited 0 (for commands whose exit code is the answer). */
  succeeds(args: readonly string[]): Promise<boolean> {
    return this.run(args).then(
      () => true,
      (error: unknown) => {
        if (error instanceof GitError && error.exitCode !== undefined) return false;
        throw error;
      },
    );
  }
}
