// A bug in slipway (here: a spec rule that throws) is reported as one: exit 3, the file being
// processed, and no JavaScript stack trace; an error nothing caught is reported the same way.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { internalErrorLines } from "../../main.js";
import { runCli } from "../support/cli.js";

vi.mock("../../spec/rules/index.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../spec/rules/index.js")>()),
  checkSpec: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'ports')");
  },
}));

describe("an internal error", () => {
  it("exits 3, says it is a bug, and names the file being processed", async () => {
    const run = await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", "/nonexistent/never-written");
    expect(run.code).toBe(3);
    expect(run.stderr.split("\n")).toEqual([
      "slipway: internal error while processing test/fixtures/valid/shop.yaml: this is a bug in slipway, not a problem with your input; please report it with this message",
      "  detail: TypeError: Cannot read properties of undefined (reading 'ports')",
    ]);
  });

  it("masks credentials in what it prints", () => {
    expect(internalErrorLines(new Error("fetch https://bot:s3cr3t@git.example.com/x failed"), "env/").join("\n")).not.toContain("s3cr3t");
  });

  it("is printed the same way when nothing caught it (the bin installs the handler)", async () => {
    const script = 'const { exitOnUncaughtError } = await import("./build/slipway.mjs"); exitOnUncaughtError("environments"); setTimeout(() => { throw new RangeError("boom"); });';
    // The bin builds build/slipway.mjs when a source changed.
    await promisify(execFile)("node", ["bin/slipway.js", "--version"]);
    const failure = await promisify(execFile)("node", ["--input-type=module", "-e", script]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 3, stderr: expect.stringContaining("slipway: internal error while processing environments: this is a bug in slipway") });
    expect(failure!.stderr).toContain("detail: RangeError: boom");
    expect(failure!.stderr).not.toMatch(/^\s+at /m);
  });
});
