// slipway's version, from its package.json: printed by --version and recorded in every published commit.
import { readFileSync } from "node:fs";

export function slipwayVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
