// Rules files promtool accepted, remembered on disk by a digest of their content: re-rendering a
// platform whose rules did not change neither starts promtool (starting it costs about as much as
// rendering a small platform) nor works out the files' shapes. The record is per promtool binary
// (its path, size and modification time), so another promtool checks everything again.
// Rejections are never kept: they are rare, and promtool's own words are wanted each time.
import { createHash } from "node:crypto";
import { readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { configuredCacheDirectory, writeCacheFile } from "../spec/cache-directory.js";

/** Accepted digests kept per promtool binary; beyond it, the earliest recorded are dropped. */
export const KEPT_VERDICTS = 20_000;

export class PromtoolVerdicts {
  private static readonly loaded = new Map<string, PromtoolVerdicts>();

  /**
   * The verdicts of this promtool binary, read once per thread.
   * @param promtool the binary; undefined (none installed) has no verdicts
   * @param directory where verdicts are kept @default $SLIPWAY_PROMTOOL_CACHE_DIR ("" keeps none), else node_modules/.cache/slipway/promtool
   */
  static for(promtool: string | undefined, directory = defaultVerdictDirectory()): PromtoolVerdicts {
    const file = promtool === undefined || directory === undefined ? undefined : join(directory, `${createHash("sha256").update(binaryIdentity(promtool)).digest("hex")}.json`);
    const key = file ?? "";
    const verdicts = PromtoolVerdicts.loaded.get(key) ?? new PromtoolVerdicts(file);
    PromtoolVerdicts.loaded.set(key, verdicts);
    return verdicts;
  }

  private readonly digests: Set<string>;

  private constructor(private readonly file: string | undefined) {
    this.digests = new Set(file === undefined ? [] : readDigests(file));
  }

  /** Whether promtool accepted a rules file with this content digest (digestOf its JSON). */
  accepted(digest: string): boolean {
    return this.digests.has(digest);
  }

  recordAccepted(digests: readonly string[]): void {
    if (this.file === undefined || digests.length === 0) return;
    for (const digest of digests) this.digests.add(digest);
    try {
      writeCacheFile(this.file, JSON.stringify([...this.digests].slice(-KEPT_VERDICTS)));
    } catch {
      // A read-only install: promtool checks them again next time.
    }
  }
}

/** The digest a rules file's verdict is kept under: of its spec's JSON, from which its YAML is written. */
export function digestOf(json: string): string {
  return createHash("sha256").update(json).digest("base64");
}

function readDigests(file: string): string[] {
  try {
    const digests: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(digests) ? digests.filter((digest): digest is string => typeof digest === "string") : [];
  } catch {
    return [];
  }
}

/** Path, size and modification time of the binary, and the check run: another promtool is another identity. */
function binaryIdentity(promtool: string): string {
  try {
    const path = realpathSync(promtool);
    const stat = statSync(path);
    return `check rules --lint-fatal\0${path}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return `missing\0${promtool}`;
  }
}

/** $SLIPWAY_PROMTOOL_CACHE_DIR ("" keeps none), else node_modules/.cache/slipway/promtool. */
export function defaultVerdictDirectory(): string | undefined {
  return configuredCacheDirectory("SLIPWAY_PROMTOOL_CACHE_DIR", "promtool");
}
