// What the CLI prints for an error, and its exit code: 1 for a problem with the input or the
// output repository, 2 for a usage error, 3 for an internal error (a bug in slipway), which is
// said to be one, with the file being processed and one line of detail, never a stack trace.
import { GitError } from "../gitops/git.js";
import { PublishFailed } from "../gitops/publish.js";
import { PublishRefused } from "../gitops/provenance.js";
import { InitRefused } from "./init.js";
import { OutputRefused } from "../render/write.js";
import { ConfigNotFound, formatIssue, InternalError, SpecError } from "../spec/index.js";
import { maskUrlCredentials } from "../spec/url-credentials.js";
import { formatFinding, INTERNAL_RULE_PREFIX } from "../validate/finding.js";
import { UsageError, ValidationFailed } from "./errors.js";

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Replaces the terminal's transient status line ("" clears it); only where stderr is a terminal. */
  status?(line: string): void;
}

/** Prints what went wrong and returns the exit code. @param input what the command reads (named for an internal error without a file of its own) */
export function reportError(error: unknown, io: Io, input: string): number {
  if (error instanceof SpecError) {
    io.err(`slipway: the spec is invalid (${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}); nothing was written:`);
    for (const issue of error.issues) io.err(`  ${formatIssue(issue)}`);
    return 1;
  }
  if (error instanceof ValidationFailed) {
    io.err(`slipway: ${error.findings.length} rendered object problem(s); nothing was written:`);
    for (const finding of error.findings) io.err(`  ${formatFinding(finding)}`);
    return error.findings.some(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX)) ? 3 : 1;
  }
  if (error instanceof PublishRefused || error instanceof PublishFailed) {
    io.err(`slipway: publish ${error instanceof PublishRefused ? "refused" : "failed"}: ${error.message}`);
    return 1;
  }
  if (error instanceof InitRefused) {
    io.err(`slipway: init refused: ${error.message}`);
    return 1;
  }
  if (error instanceof OutputRefused) {
    io.err(`slipway: ${error.message}; nothing was written`);
    return 1;
  }
  if (error instanceof GitError) {
    io.err(`slipway: ${error.message}`);
    return 1;
  }
  if (error instanceof UsageError || error instanceof ConfigNotFound) {
    io.err(`slipway: ${error.message}`);
    return 2;
  }
  const failedCall = ioFailure(error);
  if (failedCall !== undefined) {
    io.err(`slipway: ${failedCall}`);
    return 1;
  }
  for (const line of internalErrorLines(error, input)) io.err(line);
  return 3;
}

/** A failed file-system call (permission, space, a vanished file), said in one line; undefined for anything else. */
function ioFailure(error: unknown): string | undefined {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code) || syscall === undefined) return undefined;
  const reason = (error as Error).message.replace(/^[A-Z]+: /, "").replace(/, [a-z]+ '.*'$/, "");
  return `cannot ${syscall}${path === undefined ? "" : ` ${path}`}: ${reason} (${code})`;
}

/** What an internal error (a bug in slipway) prints: that it is one, the input being processed, and what failed. */
export function internalErrorLines(error: unknown, input: string): string[] {
  const file = error instanceof InternalError ? error.file : input;
  const cause = error instanceof InternalError ? error.cause : error;
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return [
    `slipway: internal error while processing ${file}: this is a bug in slipway, not a problem with your input; please report it with this message`,
    `  detail: ${detail.split("\n")[0]}`,
  ].map(maskUrlCredentials);
}

/** Reports an error nothing caught (a bug) as an internal error, exit 3, instead of node's stack trace. */
export function exitOnUncaughtError(input: string): void {
  const crash = (error: unknown) => {
    for (const line of internalErrorLines(error, input)) console.error(line);
    process.exit(3);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}
