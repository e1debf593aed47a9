// TypeScript config files, loaded without a TypeScript loader on the hot path: esbuild bundles the
// file with its relative imports into one ES module, written once per distinct content under the
// cache directory and imported from there. `import … from "slipway"` is bundled in from the running
// slipway (its typed helpers are a few identity functions), so a config loads the same whether
// slipway is a dependency of the project, a global install or this repository. Every other bare
// import stays external, resolved from the config's own directory to an absolute path, so the
// bundle imports what the config's project has wherever the cache lives.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { cacheDirectory, writeCacheFile } from "./cache-directory.js";

/** slipway's root entry: build/index.mjs beside the compiled CLI, or index.ts when run from source. */
const SLIPWAY_ENTRY = [new URL("./index.mjs", import.meta.url), new URL("../index.ts", import.meta.url)].map((url) => fileURLToPath(url)).find((path) => existsSync(path));

const RESOLVING = Symbol("resolving");

const configImports: Plugin = {
  name: "slipway-config-imports",
  setup(build) {
    build.onResolve({ filter: /^slipway$/ }, () => (SLIPWAY_ENTRY === undefined ? undefined : { path: SLIPWAY_ENTRY }));
    build.onResolve({ filter: /^[^./]/ }, async ({ path, kind, resolveDir, pluginData }) => {
      if (pluginData === RESOLVING || path.startsWith("node:")) return undefined;
      const resolved = await build.resolve(path, { kind, resolveDir, pluginData: RESOLVING });
      if (resolved.errors.length > 0) return { errors: [{ text: `cannot find package "${path}" from ${resolveDir}: is it installed in the config's project?` }] };
      return { path: resolved.external ? path : resolved.path, external: true };
    });
  },
};

export async function importTypeScript(path: string): Promise<unknown> {
  const { build } = await import("esbuild");
  const result = await build({ entryPoints: [path], bundle: true, write: false, format: "esm", platform: "node", target: "node22", plugins: [configImports], logLevel: "silent" });
  const code = result.outputFiles[0]!.text;
  const file = join(cacheDirectory("configs"), `${createHash("sha256").update(path).update("\0").update(code).digest("hex").slice(0, 32)}.mjs`);
  try {
    if (!existsSync(file)) writeCacheFile(file, code);
    return await import(pathToFileURL(file).href);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EACCES" && (error as NodeJS.ErrnoException).code !== "EROFS") throw error;
    return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  }
}
