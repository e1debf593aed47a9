// Tools that print manifests for validate to read (kubectl kustomize, kustomize build, helm
// template): run with a time and output limit, a failure said in one line.
import { execFile } from "node:child_process";

/** Above any real environment, below what would hang CI on a remote base or repository that never answers. */
const TIMEOUT_MS = 120_000;
const OUTPUT_LIMIT = 256 * 1024 * 1024;

export type ToolOutput = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** @param label how the message names the run: `kubectl kustomize overlays/prod` */
export function runManifestTool(command: string, args: readonly string[], label: string): Promise<ToolOutput> {
  return new Promise((done) => {
    execFile(command, [...args], { encoding: "utf8", maxBuffer: OUTPUT_LIMIT, timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error === null) done({ ok: true, text: stdout });
      else done({ ok: false, message: `${label} failed: ${error.killed ? `did not finish within ${TIMEOUT_MS / 1000} s` : toolError(stderr) || error.message}` });
    });
  });
}

/** The error a tool printed last: `error: …` (kubectl), `Error: …` (helm), or klog's `E1130 … "command failed" err="…"`. */
export function toolError(stderr: string): string {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  const logged = /\berr="((?:[^"\\]|\\.)*)"\s*$/.exec(last);
  return (logged === null ? last : logged[1]!.replace(/\\(.)/g, "$1")).replace(/^error: /i, "");
}
