// Run the CLI in-process and capture what it prints.
import { main } from "../../main.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** What a command printed on stderr besides synth's progress lines ("slipway: rendered <env> …"). */
export function diagnostics(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !/^slipway: rendered \S+ \(\d+ objects\), \d+ of \d+ environments?$/.test(line))
    .join("\n");
}
