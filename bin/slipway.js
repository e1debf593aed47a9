#!/usr/bin/env node
// The slipway command: runs the compiled CLI (bin/build.js rebuilds it when a source changed).
//
// Two V8 settings make a large render faster, and both can only be set when node starts, so for a
// large config (bin/config-size.js) the command starts itself once more with them:
// - V8 runs garbage-collection and compiler helpers on a pool of platform threads, 4 by default. On
//   a machine with few cores they compete with the render threads for the same cores; a pool of
//   one fewer than the cores renders a large platform 7–10 % faster (BENCHMARKS.md).
// - A large render allocates gigabytes, most of it dead within a part of an environment; a 64 MB
//   young generation (semi-space) lets it die there instead of being copied into the old
//   generation first: 40 % less time collecting it at 1000 services, 6 % less wall time.
// A small config renders in about a second; starting node again would add a tenth of that.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { ensureBuilt } from "./build.js";
import { configArgument, configBytes, LARGE_CONFIG_BYTES } from "./config-size.js";

const POOL_FLAG = "--v8-pool-size";
const SEMI_SPACE_FLAG = "--max-semi-space-size";
const args = process.argv.slice(2);
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
const configured = (flag) => given.some((option) => option.startsWith(flag));

if (configured(POOL_FLAG) || configBytes(configArgument(args)) < LARGE_CONFIG_BYTES) {
  const { exitOnUncaughtError, main } = await import(await ensureBuilt());
  exitOnUncaughtError(configArgument(args));
  process.exitCode = await main(args);
} else {
  const pool = Math.max(1, Math.min(4, availableParallelism() - 1));
  const flags = [`${POOL_FLAG}=${pool}`, ...(configured(SEMI_SPACE_FLAG) ? [] : [`${SEMI_SPACE_FLAG}=64`])];
  const child = spawnSync(process.execPath, [...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...args], { stdio: "inherit" });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exitCode = child.status ?? 1;
}
