// Tests that change PATH to hide external tools, or to put a stand-in first: PATH as it was, put
// back after each test of the file.
import { afterEach } from "vitest";

/** A PATH on which no tool is found. */
export const NO_TOOLS = "/nonexistent";

/** Registers the restore in the calling file; returns PATH as it was, to build a PATH on. */
export function restorePathAfterEach(): string {
  const saved = process.env.PATH ?? "";
  afterEach(() => {
    process.env.PATH = saved;
  });
  return saved;
}
