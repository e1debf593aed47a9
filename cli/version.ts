// slipway's own package.json: its version (printed by --version, recorded in every published
// commit) and what `slipway init` copies into a new repository.
import { readFileSync } from "node:fs";

export interface SlipwayManifest {
  readonly version: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

export function slipwayManifest(): SlipwayManifest {
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as SlipwayManifest;
}

export function slipwayVersion(): string {
  return slipwayManifest().version;
}
