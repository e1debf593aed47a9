// Cached validators load from anywhere, validate as compiled, and keep V8's code cache beside them,
// rewritten only when V8 rejects it.
import { copyFileSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import standalone from "ajv/dist/standalone/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidatorCache } from "../../validate/validator-cache.js";
import { temporaryDirectory } from "../support/files.js";

/** uniqueItems makes the generated code require one of ajv's runtime helpers. */
const SCHEMA = { type: "object", properties: { ports: { type: "array", items: { type: "integer" }, uniqueItems: true } }, required: ["ports"], additionalProperties: false };
const KEY = ValidatorCache.key(["test", JSON.stringify(SCHEMA)]);

let directory: string;
const saved = process.env.SLIPWAY_CACHE_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.SLIPWAY_CACHE_DIR;
  else process.env.SLIPWAY_CACHE_DIR = saved;
});
beforeEach(async () => {
  // Outside the package: the generated code must still resolve ajv's helpers.
  directory = await temporaryDirectory("slipway-validators-");
  const ajv = new Ajv({ allErrors: true, code: { source: true } });
  new ValidatorCache(directory).put(KEY, standalone.default(ajv, ajv.compile(SCHEMA)));
});

function loadAndValidate(from = directory): ValidatorCache {
  const cache = new ValidatorCache(from);
  const validator = cache.get(KEY)!;
  expect(validator({ ports: [80, 443] })).toBe(true);
  cache.validated(validator);
  expect(validator({ ports: [80, 80], extra: 1 })).toBe(false);
  expect(validator.errors?.map((error) => error.keyword).sort()).toEqual(["additionalProperties", "uniqueItems"]);
  return cache;
}

describe("ValidatorCache", () => {
  it("loads a cached validator that validates as compiled, wherever the cache is", () => {
    loadAndValidate();
  });

  it("writes V8's code cache after the first validation and keeps an accepted one", () => {
    loadAndValidate();
    const codeCache = join(directory, `${KEY}.v8`);
    expect(statSync(codeCache).size).toBeGreaterThan(0);
    utimesSync(codeCache, new Date(2020, 0, 1), new Date(2020, 0, 1));
    loadAndValidate();
    expect(statSync(codeCache).mtime).toEqual(new Date(2020, 0, 1));
  });

  it("rewrites a code cache V8 rejects, still validating correctly", async () => {
    // Another directory: V8 would take the source compiled above from its in-memory cache instead.
    const elsewhere = await temporaryDirectory("slipway-validators-");
    copyFileSync(join(directory, `${KEY}.cjs`), join(elsewhere, `${KEY}.cjs`));
    const codeCache = join(elsewhere, `${KEY}.v8`);
    writeFileSync(codeCache, "not a code cache");
    loadAndValidate(elsewhere);
    expect(readFileSync(codeCache, "utf8")).not.toBe("not a code cache");
  });

  it('has no entries when SLIPWAY_CACHE_DIR is ""', () => {
    process.env.SLIPWAY_CACHE_DIR = "";
    const cache = new ValidatorCache();
    cache.put(KEY, "module.exports = () => true;");
    expect(cache.get(KEY)).toBeUndefined();
  });
});
