// How large a config is: a file's size, or the sum of a directory's files. Two start-up choices
// are made on it before the config is loaded: bin/slipway.js starts node again with V8 settings
// for large renders, and worker threads start while the spec loads (cli/render-threads.ts).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

/**
 * A config this large most likely declares a platform past the worker-thread threshold (600
 * service-environments); a small config renders in about a second.
 */
export const LARGE_CONFIG_BYTES = 100_000;

/** The config a command reads when given none. */
export const DEFAULT_CONFIG = "environments";

export function configBytes(config) {
  try {
    const stats = statSync(config);
    if (!stats.isDirectory()) return stats.size;
    return readdirSync(config, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(join(config, entry.name)).size, 0);
  } catch {
    return 0;
  }
}

/** The --config (-c) a command line names, else DEFAULT_CONFIG. */
export function configArgument(args) {
  try {
    const { values } = parseArgs({ args, options: { config: { type: "string", short: "c" } }, strict: false, allowPositionals: true });
    return typeof values.config === "string" ? values.config : DEFAULT_CONFIG;
  } catch {
    return DEFAULT_CONFIG;
  }
}
