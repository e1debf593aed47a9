// Rules files promtool accepted, remembered on disk: re-rendering a platform whose rules did not
// change starts no promtool (starting it costs about as much as rendering a small platform). A
// verdict is keyed by the file's shape (ruleShape: files of one shape are accepted alike) and by
// the promtool binary's path, size and modification time, so another promtool checks everything
// again. Rejections are never kept: they are rare, and promtool's own words are wanted each time.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { cacheDirectory, writeCacheFile } from "../spec/cache-directory.js";

/** Verdicts kept; beyond it, the least recently written are dropped. */
export const KEPT_VERDICTS = 10_000;

export class PromtoolVerdicts {
  private readonly identity: string;

  /** @param directory where verdicts go @default $SLIPWAY_PROMTOOL_CACHE_DIR ("" keeps none), else node_modules/.cache/slipway/promtool */
  constructor(
    promtool: string,
    private readonly directory: string | undefined = defaultVerdictDirectory(),
  ) {
    this.identity = binaryIdentity(promtool);
  }

  accepted(shape: string): boolean {
    return this.directory !== undefined && existsSync(join(this.directory, this.key(shape)));
  }

  recordAccepted(shapes: readonly string[]): void {
    if (this.directory === undefined || shapes.length === 0) return;
    try {
      for (const shape of shapes) writeCacheFile(join(this.directory, this.key(shape)), "");
      prune(this.directory);
    } catch {
      // A read-only install: promtool runs every time.
    }
  }

  private key(shape: string): string {
    return createHash("sha256").update(`${this.identity}\0${shape}`).digest("hex").slice(0, 40);
  }
}

/** Path, size and modification time of the binary: a changed promtool is another identity. */
function binaryIdentity(promtool: string): string {
  try {
    const path = realpathSync(promtool);
    const stat = statSync(path);
    return `${path}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return `missing\0${promtool}`;
  }
}

function prune(directory: string): void {
  const names = readdirSync(directory);
  if (names.length <= KEPT_VERDICTS) return;
  const byAge = names.map((name) => ({ name, mtimeMs: statSync(join(directory, name)).mtimeMs })).sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const { name } of byAge.slice(0, names.length - KEPT_VERDICTS)) rmSync(join(directory, name), { force: true });
}

/** $SLIPWAY_PROMTOOL_CACHE_DIR ("" keeps none), else node_modules/.cache/slipway/promtool. */
export function defaultVerdictDirectory(): string | undefined {
  const configured = process.env.SLIPWAY_PROMTOOL_CACHE_DIR;
  if (configured !== undefined) return configured === "" ? undefined : configured;
  return cacheDirectory("promtool");
}
