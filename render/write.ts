// Writes rendered environments into the output directory so that a reader never sees a half
// state: each environment is written to a hidden staging directory and swapped in by rename.
// Directories slipway did not write are never replaced or deleted.
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { GENERATED_README_HEADER } from "./argocd-readme.js";
import { GENERATED_HEADER, KUSTOMIZATION } from "./layout.js";

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
}

/** Output being written: a staging directory per environment, swapped in by commitOutput. */
export interface StagedOutput {
  readonly outdir: string;
  readonly targets: ReadonlyMap<string, StagingTarget>;
  /** Entries of the output directory before staging (for pruning). */
  readonly existing: readonly string[];
}

const STAGING_PREFIX = ".slipway-";

export async function writeOutput(outdir: string, environments: readonly RenderedEnvironment[], options: WriteOptions): Promise<void> {
  const staged = await prepareOutput(outdir, environments.map(({ name }) => name));
  try {
    for (const environment of environments) stageFiles(staged.targets.get(environment.name)!, environment.files);
  } catch (error) {
    await abortOutput(staged);
    throw error;
  }
  await commitOutput(staged, options);
}

/**
 * Checks that every environment directory about to be replaced was written by slipway, clears
 * staging directories a killed run left behind, and creates one staging directory per environment.
 */
export async function prepareOutput(outdir: string, names: readonly string[]): Promise<StagedOutput> {
  await mkdir(outdir, { recursive: true });
  const existing = await readdir(outdir, { withFileTypes: true });
  await Promise.all(existing.filter((entry) => entry.name.startsWith(STAGING_PREFIX)).map((entry) => rm(join(outdir, entry.name), { recursive: true, force: true })));
  const present = new Set(existing.filter((entry) => entry.isDirectory()).map((entry) => entry.name));
  for (const name of names) {
    if (present.has(name) && !(await isSlipwayOutput(join(outdir, name)))) {
      throw new Error(`${join(outdir, name)} exists and was not written by slipway (no generated ${KUSTOMIZATION} or README.md); move it away or choose another output directory`);
    }
  }
  const targets = new Map<string, StagingTarget>();
  for (const name of names) {
    const directory = await mkdtemp(join(outdir, `${STAGING_PREFIX}${name}-`));
    targets.set(name, present.has(name) ? { directory, current: join(outdir, name) } : { directory });
  }
  return { outdir, targets, existing: existing.filter((entry) => entry.isDirectory()).map((entry) => entry.name) };
}

/** Swaps every staged environment in by rename, then prunes environments no longer rendered. */
export async function commitOutput(staged: StagedOutput, options: WriteOptions): Promise<void> {
  for (const [name, { directory, current }] of staged.targets) {
    const target = join(staged.outdir, name);
    if (current !== undefined && readdirSync(directory).length === 0) {
      rmSync(directory, { recursive: true, force: true });
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
  }
  if (options.prune) {
    for (const name of staged.existing) {
      const path = join(staged.outdir, name);
      if (!name.startsWith(".") && !staged.targets.has(name) && (await isSlipwayOutput(path))) await rm(path, { recursive: true, force: true });
    }
  }
}

/** Removes the staging directories: the output directory is left as it was. */
export async function abortOutput(staged: StagedOutput): Promise<void> {
  await Promise.all([...staged.targets.values()].map(({ directory }) => rm(directory, { recursive: true, force: true })));
}

/** Fills a staging directory with files (see StagingWriter). */
export function stageFiles(target: StagingTarget, files: ReadonlyMap<string, string>): void {
  const writer = new StagingWriter(target);
  for (const [path, content] of files) writer.add(path, content);
  finishStaging(target, [writer.summary()]);
}

/** What a StagingWriter wrote into a staging directory and what it left to link. */
export interface StagingSummary {
  readonly count: number;
  readonly changed: number;
  /** Files whose bytes equal the current output's: linked in by finishStaging. */
  readonly unchanged: readonly string[];
}

/**
 * Writes files into an environment's staging directory as they come. A file whose bytes equal
 * the current output's is not written: finishStaging links it from the current output. Several
 * writers (threads rendering parts of one environment) may stage into one directory. Synchronous
 * on purpose: tens of thousands of small files go ten times faster in one tight loop than through
 * the thread pool one promise at a time.
 */
export class StagingWriter {
  private readonly unchanged: string[] = [];
  private readonly stagedPath: (path: string) => string;
  private changed = 0;
  private count = 0;

  constructor(private readonly target: StagingTarget) {
    this.stagedPath = stagedPaths(target.directory);
  }

  readonly add = (path: string, content: string): void => {
    this.count += 1;
    const { current } = this.target;
    if (current !== undefined && sameBytes(join(current, path), content)) {
      this.unchanged.push(path);
      return;
    }
    this.changed += 1;
    writeFileSync(this.stagedPath(path), content);
  };

  summary(): StagingSummary {
    return { count: this.count, changed: this.changed, unchanged: this.unchanged };
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
export function finishStaging(target: StagingTarget, summaries: readonly StagingSummary[]): number {
  const count = summaries.reduce((sum, summary) => sum + summary.count, 0);
  const { current } = target;
  if (current === undefined) return count;
  if (summaries.every((summary) => summary.changed === 0) && fileCount(current) === count) return count;
  const stagedPath = stagedPaths(target.directory);
  for (const summary of summaries) {
    for (const path of summary.unchanged) {
      const staged = stagedPath(path);
      if (!linked(join(current, path), staged)) copyFileSync(join(current, path), staged);
    }
  }
  return count;
}

function sameBytes(path: string, content: string): boolean {
  try {
    return readFileSync(path, "utf8") === content;
  } catch {
    return false;
  }
}

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

/** A directory slipway wrote starts its kustomization.yaml or its README.md with slipway's header. */
export async function isSlipwayOutput(directory: string): Promise<boolean> {
  const starts = async (file: string, header: string) => (await readFile(join(directory, file), "utf8").catch(() => "")).startsWith(header);
  return (await starts(KUSTOMIZATION, GENERATED_HEADER)) || (await starts("README.md", GENERATED_README_HEADER));
}
