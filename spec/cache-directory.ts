// slipway's caches live under its own install's node_modules/.cache/slipway: compiled validators,
// bundled TypeScript configs, promtool's verdicts and the output index.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** node_modules/.cache/slipway/<name> of this install. */
export function cacheDirectory(name: string): string {
  return join(PACKAGE_ROOT, "node_modules", ".cache", "slipway", name);
}

/** The directory named by the environment variable `variable` ("" disables the cache: undefined), else cacheDirectory(name). */
export function configuredCacheDirectory(variable: string, name: string): string | undefined {
  const configured = process.env[variable];
  if (configured !== undefined) return configured === "" ? undefined : configured;
  return cacheDirectory(name);
}

/** Writes a cache file aside and renames it in, so a concurrent run never reads half of it. */
export function writeCacheFile(file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}
