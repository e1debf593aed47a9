// Writes rendered environments into the output directory so that a reader never sees a half
// state: each environment is written to a hidden staging directory and swapped in by rename.
// Directories slipway did not write are never replaced or deleted.
import { closeSync, copyFileSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readSync, rmSync, type Stats, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { GENERATED_README_HEADER } from "./argocd-readme.js";
import { GENERATED_HEADER, KUSTOMIZATION, MANIFEST_FILE, README_FILE } from "./layout.js";
import { contentDigest, type IndexEntry, indexEntry, OutputIndex, outputIndexFile, recordOutputIndex } from "./output-index.js";

export interface RenderedEnvironment {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
}

export interface WriteOptions {
  /** Remove slipway-written environment directories that are not being rendered. */
  readonly prune: boolean;
}

/** Where one environment's files are staged before the swap. */
export interface StagingTarget {
  /** The hidden directory the files are written to. */
  readonly directory: string;
  /** The environment's current output directory, if any: unchanged files are linked from it. */
  readonly current?: string;
  /** The output index file of the environment's directory (output-index.ts); undefined: none is kept. */
  readonly index?: string;
}

/** Output being written: a staging directory per environment, swapped in by commitOutput. */
export interface StagedOutput {
  readonly outdir: string;
  readonly targets: ReadonlyMap<string, StagingTarget>;
  /** Entries of the output directory before staging (for pruning). */
  readonly existing: readonly string[];
  /** When staging began (ms since the epoch): a file modified since is not trusted by the next run's index. */
  readonly startedAt: number;
}

const STAGING_PREFIX = ".slipway-";

/** The output directory holds something slipway must not replace: nothing was written. */
export class OutputRefused extends Error {
  override name = "OutputRefused";
}

export async function writeOutput(outdir: string, environments: readonly RenderedEnvironment[], options: WriteOptions): Promise<void> {
  const staged = await prepareOutput(outdir, environments.map(({ name }) => name));
  const files = new Map<string, StagedFiles>();
  try {
    for (const environment of environments) files.set(environment.name, stageFiles(staged.targets.get(environment.name)!, environment.files));
  } catch (error) {
    await abortOutput(staged);
    throw error;
  }
  await commitOutput(staged, options, files);
}

/**
 * Checks that every environment directory about to be replaced was written by slipway, clears
 * staging directories a killed run left behind, and creates one staging directory per environment.
 */
export async function prepareOutput(outdir: string, names: readonly string[]): Promise<StagedOutput> {
  const startedAt = Date.now();
  await mkdir(outdir, { recursive: true });
  const existing = await readdir(outdir, { withFileTypes: true });
  await Promise.all(existing.filter((entry) => entry.name.startsWith(STAGING_PREFIX)).map((entry) => rm(join(outdir, entry.name), { recursive: true, force: true })));
  const present = new Set(existing.filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  for (const name of names) {
    const path = join(outdir, name);
    if ((await lstat(path).catch(() => undefined))?.isSymbolicLink()) {
      throw new OutputRefused(`${path} is a symbolic link; slipway writes each environment as a directory of its own and never replaces or writes through a link: remove the link or choose another output directory`);
    }
    if (present.has(name) && !(await isSlipwayOutput(path))) {
      throw new OutputRefused(`${path} exists and was not written by slipway (no generated ${KUSTOMIZATION} or README.md); move it away or choose another output directory`);
    }
  }
  const targets = new Map<string, StagingTarget>();
  for (const name of names) {
    // Created with the process's umask, as any other directory (mkdtemp would make it 0700 for good).
    const directory = join(outdir, `${STAGING_PREFIX}${name}-${randomBytes(6).toString("hex")}`);
    await mkdir(directory);
    const index = outputIndexFile(join(outdir, name));
    targets.set(name, { directory, ...(present.has(name) ? { current: join(outdir, name) } : {}), ...(index === undefined ? {} : { index }) });
  }
  return { outdir, targets, existing: existing.filter((entry) => entry.isDirectory()).map((entry) => entry.name), startedAt };
}

/**
 * Swaps every staged environment in by rename, records the output index of each environment whose
 * files are given, then prunes environments no longer rendered.
 * @param files what finishStaging returned for each environment; environments left out keep their index as it is
 */
/** @returns the environment directories pruned: output of environments no longer declared */
export async function commitOutput(staged: StagedOutput, options: WriteOptions, files: ReadonlyMap<string, StagedFiles> = new Map()): Promise<string[]> {
  const pruned: string[] = [];
  for (const [name, { directory, current, index }] of staged.targets) {
    const target = join(staged.outdir, name);
    const written = files.get(name);
    const record = () => {
      if (index !== undefined && written !== undefined) recordOutputIndex(index, target, written.entries, staged.startedAt);
    };
    if (current !== undefined && readdirSync(directory).length === 0) {
      rmSync(directory, { recursive: true, force: true });
      if (written?.indexed !== true) record();
      continue;
    }
    const retired = `${directory}-old`;
    const hadTarget = await rename(target, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    await rename(directory, target);
    if (hadTarget) rmSync(retired, { recursive: true, force: true });
    record();
  }
  if (options.prune) {
    for (const name of await staleOutputs(staged)) {
      await rm(join(staged.outdir, name), { recursive: true, force: true });
      pruned.push(name);
    }
  }
  return pruned.sort();
}

/** The directories commitOutput prunes: slipway's output of environments not rendered now. */
export async function staleOutputs(staged: StagedOutput): Promise<string[]> {
  const stale: string[] = [];
  for (const name of staged.existing) {
    if (!name.startsWith(".") && !staged.targets.has(name) && (await isSlipwayOutput(join(staged.outdir, name)))) stale.push(name);
  }
  return stale.sort();
}

/** The environments being rendered for the first time: no output of theirs is there yet. */
export function newOutputs(staged: StagedOutput): string[] {
  return [...staged.targets.entries()].filter(([, { current }]) => current === undefined).map(([name]) => name).sort();
}

/** Removes the staging directories: the output directory is left as it was. */
export async function abortOutput(staged: StagedOutput): Promise<void> {
  await Promise.all([...staged.targets.values()].map(({ directory }) => rm(directory, { recursive: true, force: true })));
}

/** Fills a staging directory with files (see StagingWriter). */
export function stageFiles(target: StagingTarget, files: ReadonlyMap<string, string>): StagedFiles {
  const writer = new StagingWriter(target);
  for (const [path, content] of files) writer.add(path, content);
  return finishStaging(target, [writer.summary()]);
}

/** What a StagingWriter wrote into a staging directory and what it left to link. */
export interface StagingSummary {
  readonly count: number;
  /** Files written: new, or different from the current output's. */
  readonly changed: number;
  /** Of those, the files the current output does not have. */
  readonly added: number;
  /** Files whose bytes equal the current output's: linked in by finishStaging. */
  readonly unchanged: readonly string[];
  /** The output index entries of the files found unchanged (none when no index is kept). */
  readonly entries: Readonly<Record<string, IndexEntry>>;
  /** Files the output index showed unchanged without reading them. */
  readonly indexed: number;
}

/** An environment's files against its current output: added, changed, unchanged and removed. */
export interface FileChanges {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly removed: number;
}

/** An environment's staged files: how many, the output index entries of those found unchanged, and whether the index vouched for every one. */
export interface StagedFiles {
  readonly count: number;
  /** What the render does to the environment's directory, file by file. */
  readonly changes: FileChanges;
  readonly entries: ReadonlyMap<string, IndexEntry>;
  /** Every file was unchanged and known so from the index: the index needs no new record. */
  readonly indexed: boolean;
}

/**
 * Writes files into an environment's staging directory as they come. A file whose bytes equal
 * the current output's is not written: finishStaging links it from the current output. Whether
 * they are equal, the output index says where it can (output-index.ts); otherwise the current
 * file is read and compared. Several writers (threads rendering parts of one environment) may
 * stage into one directory. Synchronous on purpose: tens of thousands of small files go ten times
 * faster in one tight loop than through the thread pool one promise at a time.
 */
export class StagingWriter {
  private readonly unchanged: string[] = [];
  private readonly entries: Record<string, IndexEntry> = {};
  private readonly stagedPath: (path: string) => string;
  private readonly index: OutputIndex | undefined;
  private changed = 0;
  private added = 0;
  private count = 0;
  private indexed = 0;

  constructor(private readonly target: StagingTarget) {
    this.stagedPath = stagedPaths(target.directory);
    this.index = target.current === undefined ? undefined : OutputIndex.cached(target.index, target.current);
  }

  readonly add = (path: string, content: string): void => {
    this.count += 1;
    const bytes = encoded(content);
    if (this.target.current !== undefined && this.isUnchanged(this.target.current, path, bytes)) {
      this.unchanged.push(path);
      return;
    }
    this.changed += 1;
    if (this.target.current === undefined || !existsSync(join(this.target.current, path))) this.added += 1;
    writeFileSync(this.stagedPath(path), bytes);
  };

  summary(): StagingSummary {
    return { count: this.count, changed: this.changed, added: this.added, unchanged: this.unchanged, entries: this.entries, indexed: this.indexed };
  }

  /** Whether the current output's file holds these bytes; its index entry is kept when it does. */
  private isUnchanged(current: string, path: string, bytes: Buffer): boolean {
    // Without an output index there is nothing to record or look up.
    const recording = this.target.index !== undefined;
    const vouched = recording ? this.index!.vouchedEntry(path) : undefined;
    if (vouched !== undefined) {
      if (vouched[3] !== contentDigest(bytes)) return false;
      this.indexed += 1;
      this.entries[path] = vouched;
      return true;
    }
    const stats = statIfSame(join(current, path), bytes);
    if (stats !== undefined && recording) this.entries[path] = indexEntry(stats, bytes);
    return stats !== undefined;
  }
}

/** A path's place in a staging directory, its parent directory created once (tens of thousands of files share a few dozen). */
function stagedPaths(directory: string): (path: string) => string {
  const created = new Set<string>();
  return (path) => {
    const file = join(directory, path);
    const parent = dirname(file);
    if (!created.has(parent)) {
      mkdirSync(parent, { recursive: true });
      created.add(parent);
    }
    return file;
  };
}

/**
 * Completes an environment's staging directory from what its writers staged: links the unchanged
 * files in, unless no file changed and none was removed, in which case nothing is staged at all
 * and the empty staging directory tells commitOutput to keep the current output. Returns the
 * number of files.
 */
export function finishStaging(target: StagingTarget, summaries: readonly StagingSummary[]): StagedFiles {
  const count = summaries.reduce((sum, summary) => sum + summary.count, 0);
  const entries = new Map(summaries.flatMap((summary) => Object.entries(summary.entries)));
  const added = summaries.reduce((sum, summary) => sum + summary.added, 0);
  const changed = summaries.reduce((sum, summary) => sum + summary.changed, 0) - added;
  const unchanged = count - added - changed;
  const { current } = target;
  const existing = current === undefined ? 0 : fileCount(current);
  const changes = { added, changed, unchanged, removed: existing - unchanged - changed };
  const result = (indexed: boolean): StagedFiles => ({ count, changes, entries, indexed });
  if (current === undefined) return result(false);
  if (added === 0 && changed === 0 && existing === count) {
    return result(summaries.reduce((sum, summary) => sum + summary.indexed, 0) === count);
  }
  const stagedPath = stagedPaths(target.directory);
  for (const summary of summaries) {
    for (const path of summary.unchanged) {
      const staged = stagedPath(path);
      if (linked(join(current, path), staged)) continue;
      copyFileSync(join(current, path), staged);
      // A copy is another inode: the next render reads it.
      entries.delete(path);
    }
  }
  return result(false);
}

/**
 * The file's stat when it holds exactly these bytes, else undefined. Reads into one reused buffer,
 * at most one byte more than expected: readFileSync would stat the file, allocate and decode it,
 * which on tens of thousands of files costs several times the reading itself.
 */
function statIfSame(path: string, content: Buffer): Stats | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    if (readBuffer.length <= content.length) readBuffer = Buffer.allocUnsafe(2 * content.length + 1);
    const read = readSync(descriptor, readBuffer, 0, content.length + 1, 0);
    const same = read === content.length && readBuffer.compare(content, 0, read, 0, read) === 0;
    return same ? fstatSync(descriptor) : undefined;
  } finally {
    closeSync(descriptor);
  }
}

let readBuffer = Buffer.allocUnsafe(64 * 1024);

/** A file's UTF-8 bytes, in one buffer reused for every file (valid until the next call). */
function encoded(content: string): Buffer {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  if (encodeBuffer.length < 3 * content.length) encodeBuffer = Buffer.allocUnsafe(6 * content.length);
  return encodeBuffer.subarray(0, encodeBuffer.write(content));
}

let encodeBuffer = Buffer.allocUnsafe(64 * 1024);

function fileCount(directory: string): number {
  return readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()).length;
}

/** Hard-links a file; false where the filesystem cannot (the caller copies it instead). */
function linked(existing: string, path: string): boolean {
  try {
    linkSync(existing, path);
    return true;
  } catch {
    return false;
  }
}


/** Deletes a directory slipway wrote (e.g. argocd/ once the spec no longer asks for it); leaves any other alone. */
export async function removeOutputDirectory(directory: string): Promise<boolean> {
  if (!(await isSlipwayOutput(directory))) return false;
  await rm(directory, { recursive: true, force: true });
  return true;
}

/** A directory slipway wrote starts its kustomization.yaml (or manifest.yaml, in that layout) or its README.md with slipway's header. */
export async function isSlipwayOutput(directory: string): Promise<boolean> {
  const starts = async (file: string, header: string) => (await readFile(join(directory, file), "utf8").catch(() => "")).startsWith(header);
  return (await starts(KUSTOMIZATION, GENERATED_HEADER)) || (await starts(MANIFEST_FILE, GENERATED_HEADER)) || (await starts(README_FILE, GENERATED_README_HEADER));
}
