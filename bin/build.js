// The compiled package: slipway's TypeScript bundled by esbuild into build/, so no TypeScript is
// transpiled on the hot path.
// - build/slipway.mjs (the CLI) and build/render-worker.mjs: dependencies bundled in.
// - build/{index,constructs,validate,testing}.mjs: the library entries, dependencies left to the
//   project that installs slipway (cdk8s and constructs must be the App's own copies).
// In this repository the bundles record a hash of the sources they were built from; whenever a
// source differs (an edit, a checkout), the next run rebuilds them (~0.5 s) first. An installed
// package has no sources: its build/ was made by `npm pack` (prepack) and is used as it is.
// `node bin/build.js` builds everything explicitly, with the type declarations (build/types/).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE_DIRECTORIES = ["cli", "constructs", "diff", "gitops", "render", "spec", "testing", "validate"];
// Two validation dependencies require("punycode"), which node resolves to its deprecated built-in
// (a DeprecationWarning on every run since Node 21); the CLI bundles the npm package of the same
// code, installed beside them. An absolute path: esbuild resolves an alias from the working directory.
const PUNYCODE = (() => {
  try {
    return createRequire(join(ROOT, "package.json")).resolve("punycode/punycode.js");
  } catch {
    return undefined;
  }
})();
const LIBRARY_ENTRIES = { index: "index.ts", constructs: "constructs/index.ts", validate: "validate/index.ts", testing: "testing/index.ts" };
export const BUNDLE = join(ROOT, "build", "slipway.mjs");
const STAMP = "// slipway sources ";

function sourceFiles() {
  // config-size.js is shared with bin/slipway.js, and bundled too; build.js holds the build options.
  const files = [join(ROOT, "main.ts"), join(ROOT, "index.ts"), join(ROOT, "bin", "config-size.js"), join(ROOT, "bin", "build.js")];
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  for (const directory of SOURCE_DIRECTORIES) walk(join(ROOT, directory));
  return files.sort();
}

/** Hash of every source path and content, plus the package manifest (versions of what is bundled). */
function sourceHash() {
  const hash = createHash("sha256");
  for (const file of [...sourceFiles(), join(ROOT, "package.json"), join(ROOT, "package-lock.json")]) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

function builtHash() {
  try {
    const head = readFileSync(BUNDLE, "utf8").slice(0, 200);
    return head.startsWith(STAMP) ? head.slice(STAMP.length, head.indexOf("\n")) : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the bundles when missing or older than the sources; returns the CLI bundle's path. */
export async function ensureBuilt({ force = false } = {}) {
  if (!existsSync(join(ROOT, "main.ts"))) {
    if (existsSync(BUNDLE)) return BUNDLE;
    throw new Error(`slipway's package is incomplete: ${BUNDLE} is missing (reinstall slipway)`);
  }
  const hash = sourceHash();
  if (!force && builtHash() === hash) return BUNDLE;
  const { build } = await import("esbuild");
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // Built aside under unique names and renamed into place, the worker first: concurrent first runs
  // never read half a file, and a CLI bundle is never newer than its worker (which carries the
  // same stamp, checked before use).
  const temporary = join(dirname(BUNDLE), `.tmp-${process.pid}-${Date.now()}`);
  await build({
    entryPoints: { slipway: join(ROOT, "main.ts"), "render-worker": join(ROOT, "cli", "render-worker.ts") },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // Dependencies are bundled too: resolving and reading the several hundred small modules they
    // span took about as long as rendering the default platform. Two stay outside: esbuild runs a
    // native binary and re2-wasm reads its .wasm beside itself. (cdk8s's Yaml.load of a URL, which
    // slipway never calls, would look for a script beside the bundle.)
    external: ["esbuild", "re2-wasm"],
    alias: PUNYCODE === undefined ? {} : { punycode: PUNYCODE },
    outdir: temporary,
    outExtension: { ".js": ".mjs" },
    // The bundled CommonJS modules call require (for node's builtins among others), which an ES
    // module only has when it creates one.
    banner: { js: `${STAMP}${hash}\nimport { createRequire as __slipwayRequire } from "node:module";\nconst require = __slipwayRequire(import.meta.url);` },
    logLevel: "error",
  });
  // The library entries share their modules through chunks beside them (one SpecError class, one
  // schema catalog); they sit in build/ itself, where the modules' relative URLs (the render
  // worker, ../imports/schemas, ../package.json) hold.
  await build({
    entryPoints: Object.fromEntries(Object.entries(LIBRARY_ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
    bundle: true,
    splitting: true,
    chunkNames: "chunk-[hash]",
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    outdir: join(temporary, "library"),
    outExtension: { ".js": ".mjs" },
    banner: { js: `${STAMP}${hash}` },
    logLevel: "error",
  });
  const library = readdirSync(join(temporary, "library"));
  for (const stale of readdirSync(dirname(BUNDLE)).filter((name) => name.startsWith("chunk-") && !library.includes(name))) rmSync(join(dirname(BUNDLE), stale), { force: true });
  for (const name of library.sort((a, b) => Number(!a.startsWith("chunk-")) - Number(!b.startsWith("chunk-")))) renameSync(join(temporary, "library", name), join(dirname(BUNDLE), name));
  renameSync(join(temporary, "render-worker.mjs"), join(dirname(BUNDLE), "render-worker.mjs"));
  renameSync(join(temporary, "slipway.mjs"), BUNDLE);
  rmSync(temporary, { recursive: true, force: true });
  return BUNDLE;
}

/** The library's type declarations, build/types/ (tsconfig.build.json). */
function buildTypes() {
  rmSync(join(ROOT, "build", "types"), { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
}

if (process.argv[1] !== undefined && statSync(process.argv[1]).isFile() && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuilt({ force: true });
  buildTypes();
  // On stderr: `npm pack --json` (which runs this as prepack) keeps stdout for its JSON.
  console.error(`built ${relative(process.cwd(), dirname(BUNDLE)) || "."}/`);
}
