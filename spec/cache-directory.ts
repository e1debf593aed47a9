// slipway's caches (compiled validators, bundled TypeScript configs, promtool's verdicts, output
// indexes) live with the user's project, never inside slipway's own install, which may be
// read-only: $XDG_CACHE_HOME/slipway when that is set, else node_modules/.cache/slipway of the
// nearest directory with a package.json above the working directory (the convention of babel,
// eslint and vite), else ~/.cache/slipway.
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory of slipway's own package.json: the repository, or node_modules/slipway when installed. */
export const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The root of every slipway cache for a working directory and environment. */
export function cacheRoot(workingDirectory: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "slipway");
  for (let directory = resolve(workingDirectory); ; directory = dirname(directory)) {
    if (existsSync(join(directory, "package.json"))) return join(directory, "node_modules", ".cache", "slipway");
    if (dirname(directory) === directory) return join(homedir(), ".cache", "slipway");
  }
}

/** <cache root>/<name>. */
export function cacheDirectory(name: string): string {
  return join(cacheRoot(), name);
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
