#!/usr/bin/env node
// The slipway command: runs the compiled CLI (bin/build.js rebuilds it when a source changed).
//
// V8 runs garbage-collection and compiler helpers on a pool of platform threads, 4 by default. On
// a machine with few cores they compete with the render threads for the same cores; a pool of one
// fewer than the cores renders a large platform 7–10 % faster (BENCHMARKS.md). The pool size can
// only be set when node starts, so the command starts itself once more with it.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "./build.js";

const POOL_FLAG = "--v8-pool-size";
const configured = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((option) => option.startsWith(POOL_FLAG));

if (configured) {
  const { main } = await import(await ensureBuilt());
  process.exitCode = await main(process.argv.slice(2));
} else {
  const pool = Math.max(1, Math.min(4, availableParallelism() - 1));
  const child = spawnSync(process.execPath, [...process.execArgv, `${POOL_FLAG}=${pool}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exitCode = child.status ?? 1;
}
