// Compiled strict validators kept on disk as ajv standalone code, so a schema is compiled once per
// machine rather than once per run (compiling the Kubernetes schemas takes over a second; loading
// the generated code takes milliseconds). Entries are keyed by a hash of everything that shapes
// the code: ajv's version, slipway's schema options and the schema text. A cache that cannot be
// written is skipped: validation then compiles in memory, as before.
//
// Beside each entry sits V8's code cache for it: the generated code is megabytes of JavaScript,
// and parsing it and compiling the functions the first validation reaches cost more than the rest
// of validating a small platform. V8 checks the code cache against the source, its own version and
// flags, and rejects a mismatch; the entry is then compiled as usual and its code cache rewritten.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import type { ValidateFunction } from "ajv";
import { configuredCacheDirectory, PACKAGE_ROOT, writeCacheFile } from "../spec/cache-directory.js";

/** Resolves from the package, so the generated code finds ajv's runtime helpers wherever the cache is. */
const require = createRequire(join(PACKAGE_ROOT, "package.json"));
const AJV_VERSION = (JSON.parse(readFileSync(require.resolve("ajv/package.json"), "utf8")) as { version: string }).version;

/** The generated code is a CommonJS module: run as one, with the package's require. */
type ModuleFunction = (exports: object, require: NodeJS.Require, module: { exports: unknown }) => void;

export class ValidatorCache {
  /** Code caches to write once their validator has run (and so compiled what validation reaches). */
  private readonly pendingCodeCaches = new WeakMap<ValidateFunction, () => void>();

  /** @param directory where entries go @default $SLIPWAY_CACHE_DIR ("" disables the cache), else node_modules/.cache/slipway/validators */
  constructor(readonly directory: string | undefined = defaultCacheDirectory()) {}

  /** The key of a validator: its kind, the options it is compiled with and its schema text. */
  static key(parts: readonly string[]): string {
    const hash = createHash("sha256").update(`ajv ${AJV_VERSION}\0`);
    for (const part of parts) hash.update(part).update("\0");
    return hash.digest("hex").slice(0, 32);
  }

  get(key: string): ValidateFunction | undefined {
    if (this.directory === undefined) return undefined;
    const file = join(this.directory, `${key}.cjs`);
    const codeCacheFile = join(this.directory, `${key}.v8`);
    try {
      const cachedData = readOptional(codeCacheFile);
      const script = new Script(`(function (exports, require, module) {${readFileSync(file, "utf8")}\n})`, { filename: file, cachedData });
      const module: { exports: unknown } = { exports: {} };
      (script.runInThisContext() as ModuleFunction)(module.exports as object, require, module);
      const exported = module.exports as ValidateFunction | { default: ValidateFunction };
      const validator = typeof exported === "function" ? exported : exported.default;
      if (cachedData === undefined || script.cachedDataRejected === true) {
        this.pendingCodeCaches.set(validator, () => this.write(codeCacheFile, script.createCachedData()));
      }
      return validator;
    } catch {
      return undefined;
    }
  }

  put(key: string, code: string): void {
    if (this.directory !== undefined) this.write(join(this.directory, `${key}.cjs`), code);
  }

  /** Call after each validation: the first one of a validator loaded without a usable code cache writes it. */
  validated(validator: ValidateFunction): void {
    const writeCodeCache = this.pendingCodeCaches.get(validator);
    if (writeCodeCache === undefined) return;
    this.pendingCodeCaches.delete(validator);
    writeCodeCache();
  }

  private write(file: string, content: string | Buffer): void {
    try {
      writeCacheFile(file, content);
    } catch {
      // A read-only install: compile in memory next time too.
    }
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** $SLIPWAY_CACHE_DIR ("" disables), else node_modules/.cache/slipway/validators. */
export function defaultCacheDirectory(): string | undefined {
  return configuredCacheDirectory("SLIPWAY_CACHE_DIR", "validators");
}
