// TypeScript config files, loaded without a TypeScript loader on the hot path: esbuild bundles the
// file with its relative imports (the typed define* helpers) into one ES module, written once per
// distinct content under node_modules/.cache and imported from there, so bare imports still resolve.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cacheDirectory, writeCacheFile } from "./cache-directory.js";

const CACHE = cacheDirectory("configs");

export async function importTypeScript(path: string): Promise<unknown> {
  const { build } = await import("esbuild");
  const result = await build({ entryPoints: [path], bundle: true, write: false, format: "esm", platform: "node", target: "node20", packages: "external", logLevel: "silent" });
  const code = result.outputFiles[0]!.text;
  const file = join(CACHE, `${createHash("sha256").update(path).update("\0").update(code).digest("hex").slice(0, 32)}.mjs`);
  try {
    if (!existsSync(file)) writeCacheFile(file, code);
    return await import(pathToFileURL(file).href);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EACCES" && (error as NodeJS.ErrnoException).code !== "EROFS") throw error;
    return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
  }
}
