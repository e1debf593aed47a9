#!/usr/bin/env node
// The slipway command: runs the compiled CLI (bin/build.js rebuilds it when a source changed).
import { ensureBuilt } from "./build.js";

const { main } = await import(await ensureBuilt());
process.exitCode = await main(process.argv.slice(2));
