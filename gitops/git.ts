// The git CLI, run as a child process: no library re-implements git's push and locking semantics.
import { execFile } from "node:child_process";
import { maskUrlCredentials } from "../spec/url-credentials.js";

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout = "",
  ) {
    super(`git ${args[0] ?? ""} failed${exitCode === undefined ? "" : ` (exit ${exitCode})`}: ${maskUrlCredentials(gitReason(stderr))}`);
    this.name = "GitError";
  }
}

/** git's own explanation: its fatal/error lines (a usage text or hints are noise), else its first line. */
export function gitReason(stderr: string): string {
  const lines = stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const errors = lines.filter((line) => /^(fatal|error):/.test(line));
  return (errors.length > 0 ? errors.join("; ") : (lines[0] ?? "no output")).replace(/^(fatal|error): /, "");
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
  /** @param env variables added to git's environment (e.g. credentials, which then never reach a file) */
  constructor(
    readonly cwd: string,
    private readonly env: Readonly<Record<string, string>> = {},
  ) {}

  /** Runs git and returns its stdout; rejects with a GitError carrying stderr and stdout. */
  run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile("git", [...args], { cwd: this.cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...GIT_ENV, ...this.env } }, (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new GitError(args, typeof error.code === "number" ? error.code : undefined, stderr || error.message, stdout));
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
