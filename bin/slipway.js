#!/usr/bin/env node
// The slipway command: runs the TypeScript CLI through tsx's loader (TypeScript spec files need it too).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../main.ts");
process.exitCode = await main(process.argv.slice(2));
