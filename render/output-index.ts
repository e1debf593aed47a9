// What slipway last found in an environment's output directory: for each file a render found
// unchanged, its inode, size and modification time, and a digest of its bytes (a file it wrote is
// recorded by the next render, which reads it). A re-render then knows a file is unchanged
// without reading it, as git's index does: a file whose inode, size and modification time are as
// recorded still holds the recorded bytes. Reading tens of thousands of files costs seconds once
// the page cache has dropped them; a stat costs a fraction of that.
//
// Modification times are only trusted when they are older than the record by a margin: a file
// changed within a timestamp's granularity of being recorded could keep its recorded time, so it
// is read next time instead (git's "racily clean" entries). Anything unknown — no index, another
// inode, another size or time, a damaged index file — is read and compared as before.
import { createHash, hash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, rmSync, type Stats, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { configuredCacheDirectory, writeCacheFile } from "../spec/cache-directory.js";

/** Modification times this close to the record are not trusted: above any filesystem's timestamp granularity (FAT's is 2 s). */
export const RACY_MARGIN_MS = 3000;

const FORMAT = 1;

/** A file's inode, size and modification time (ms, as fs.Stats gives it), and the digest of its bytes. */
export type IndexEntry = readonly [inode: number, size: number, modified: number, digest: string];

interface IndexFile {
  readonly format: number;
  /** The environment directory the entries describe. */
  readonly directory: string;
  /** When the render that wrote or checked the files began (ms since the epoch): a file modified since has a time no older. */
  readonly recordedAt: number;
  readonly files: Readonly<Record<string, IndexEntry>>;
}

/** $SLIPWAY_INDEX_DIR ("" disables), else node_modules/.cache/slipway/output-index. */
export function outputIndexDirectory(): string | undefined {
  return configuredCacheDirectory("SLIPWAY_INDEX_DIR", "output-index");
}

/** The index file of an output directory, or undefined when indexing is disabled. */
export function outputIndexFile(directory: string): string | undefined {
  const root = outputIndexDirectory();
  if (root === undefined) return undefined;
  return join(root, `${createHash("sha256").update(resolve(directory)).digest("hex").slice(0, 32)}.json`);
}

/** The digest recorded for a file's bytes. */
export function contentDigest(bytes: Uint8Array): string {
  return hash("sha1", bytes, "base64");
}

/** The entry of a file holding `bytes`, from a stat of it. */
export function indexEntry(stats: Stats, bytes: Uint8Array): IndexEntry {
  return [stats.ino, stats.size, stats.mtimeMs, contentDigest(bytes)];
}

export class OutputIndex {
  /** Loads the index of `directory` from `file`; empty when there is none or it describes another directory. */
  static load(file: string | undefined, directory: string): OutputIndex {
    if (file === undefined) return new OutputIndex(directory, {}, 0);
    try {
      const index = JSON.parse(readFileSync(file, "utf8")) as IndexFile;
      if (index.format !== FORMAT || index.directory !== resolve(directory)) return new OutputIndex(directory, {}, 0);
      return new OutputIndex(directory, index.files, index.recordedAt - RACY_MARGIN_MS);
    } catch {
      return new OutputIndex(directory, {}, 0);
    }
  }

  /**
   * The index as load gives it, parsed once per thread and index file version: every shard an
   * environment is cut into stages against the same index.
   */
  static cached(file: string | undefined, directory: string): OutputIndex {
    const version = file === undefined ? undefined : statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    const key = `${file}\0${version}\0${directory}`;
    let index = loaded.get(key);
    if (index === undefined) {
      index = OutputIndex.load(file, directory);
      if (loaded.size >= 16) loaded.clear();
      loaded.set(key, index);
    }
    return index;
  }

  private constructor(
    private readonly directory: string,
    private readonly files: Readonly<Record<string, IndexEntry>>,
    private readonly trustedBefore: number,
  ) {}

  /**
   * The recorded entry of the file at `path` when the index vouches that the file still holds the
   * recorded bytes (its entry is trusted and its inode, size and time are as recorded); undefined
   * when it cannot tell without reading the file.
   */
  vouchedEntry(path: string): IndexEntry | undefined {
    const entry = Object.hasOwn(this.files, path) ? this.files[path] : undefined;
    if (entry === undefined || !(entry[2] < this.trustedBefore)) return undefined;
    const stats = lstatSync(join(this.directory, path), { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile() || stats.ino !== entry[0] || stats.size !== entry[1] || stats.mtimeMs !== entry[2]) return undefined;
    return entry;
  }
}

const loaded = new Map<string, OutputIndex>();

/**
 * Records the entries of an environment directory's files that a render found unchanged (from the
 * index, or by reading them; the stat taken then). A file slipway wrote in the same render gets no
 * entry: its modification time is newer than `recordedAt`, so the next render would not trust it
 * anyway, and reads it. `recordedAt` must be taken before any file was checked or written, so that
 * a file changed since has a modification time no older than it. An index that cannot be written
 * is skipped (the next run reads the files).
 */
export function recordOutputIndex(file: string, directory: string, entries: ReadonlyMap<string, IndexEntry>, recordedAt: number): void {
  const files = Object.fromEntries(entries);
  try {
    writeCacheFile(file, JSON.stringify({ format: FORMAT, directory: resolve(directory), recordedAt, files } satisfies IndexFile));
    pruneIndexes(dirname(file), KEPT_INDEXES);
  } catch {
    // A read-only install: files are read and compared next time.
  }
}

/** Output indexes kept: one per output directory rendered, so scratch renders (tests) do not pile up. */
export const KEPT_INDEXES = 100;

/** Removes all but the `kept` most recently written index files. */
function pruneIndexes(root: string, kept: number): void {
  const entries = readdirSync(root).filter((name) => name.endsWith(".json"));
  if (entries.length <= kept) return;
  const byAge = entries.map((name) => ({ name, written: statSync(join(root, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => b.written - a.written);
  for (const { name } of byAge.slice(kept)) rmSync(join(root, name), { force: true });
}
