// Errors the CLI reports with their own exit code and format.
import type { Finding } from "../validate/finding.js";

/** Wrong arguments: exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Rendered objects that fail the validation gate: exit 1, nothing written or published. */
export class ValidationFailed extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(`${findings.length} validation finding(s)`);
    this.name = "ValidationFailed";
  }
}
