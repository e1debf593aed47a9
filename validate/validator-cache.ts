// Compiled strict validators kept on disk as ajv standalone code, so a schema is compiled once per
// machine rather than once per run (compiling the Kubernetes schemas takes over a second; loading
// the generated code takes milliseconds). Entries are keyed by a hash of everything that shapes
// the code: ajv's version, slipway's schema options and the schema text. A cache that cannot be
// written is skipped: validation then compiles in memory, as before.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { cacheDirectory, PACKAGE_ROOT, writeCacheFile } from "../spec/cache-directory.js";

/** Under the package's node_modules, so the generated code resolves ajv's runtime helpers. */
const require = createRequire(join(PACKAGE_ROOT, "package.json"));
const AJV_VERSION = (JSON.parse(readFileSync(require.resolve("ajv/package.json"), "utf8")) as { version: string }).version;

export class ValidatorCache {
  /** @param directory where entries go; undefined disables the cache */
  constructor(readonly directory: string | undefined = defaultCacheDirectory()) {}

  /** The key of a validator: its kind, the options it is compiled with and its schema text. */
  static key(parts: readonly string[]): string {
    const hash = createHash("sha256").update(`ajv ${AJV_VERSION}\0`);
    for (const part of parts) hash.update(part).update("\0");
    return hash.digest("hex").slice(0, 32);
  }

  get(key: string): ValidateFunction | undefined {
    if (this.directory === undefined) return undefined;
    try {
      const module = require(join(this.directory, `${key}.cjs`)) as ValidateFunction | { default: ValidateFunction };
      return typeof module === "function" ? module : module.default;
    } catch {
      return undefined;
    }
  }

  put(key: string, code: string): void {
    if (this.directory === undefined) return;
    try {
      writeCacheFile(join(this.directory, `${key}.cjs`), code);
    } catch {
      // A read-only install: compile in memory next time too.
    }
  }
}

/** $SLIPWAY_CACHE_DIR ("" disables), else node_modules/.cache/slipway/validators. */
export function defaultCacheDirectory(): string | undefined {
  const configured = process.env.SLIPWAY_CACHE_DIR;
  if (configured !== undefined) return configured === "" ? undefined : configured;
  return cacheDirectory("validators");
}
