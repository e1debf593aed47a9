// Writes rendered environments into the output directory so that a reader never sees a half
// state: each environment is written to a hidden staging directory and swapped in by rename.
// Directories slipway did not write are never replaced or deleted.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
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

const STAGING_PREFIX = ".slipway-";

export async function writeOutput(outdir: string, environments: readonly RenderedEnvironment[], options: WriteOptions): Promise<void> {
  await mkdir(outdir, { recursive: true });
  const existing = await readdir(outdir, { withFileTypes: true });
  await Promise.all(existing.filter((entry) => entry.name.startsWith(STAGING_PREFIX)).map((entry) => rm(join(outdir, entry.name), { recursive: true, force: true })));
  for (const { name } of environments) {
    const target = join(outdir, name);
    if (existing.some((entry) => entry.name === name) && !(await isSlipwayOutput(target))) {
      throw new Error(`${target} exists and was not written by slipway (no generated ${KUSTOMIZATION} or README.md); move it away or choose another output directory`);
    }
  }

  const staged: { target: string; staging: string }[] = [];
  try {
    for (const environment of environments) {
      const staging = await mkdtemp(join(outdir, `${STAGING_PREFIX}${environment.name}-`));
      staged.push({ target: join(outdir, environment.name), staging });
      writeFiles(staging, environment.files);
    }
  } catch (error) {
    await Promise.all(staged.map(({ staging }) => rm(staging, { recursive: true, force: true })));
    throw error;
  }

  for (const { target, staging } of staged) {
    const retired = `${staging}-old`;
    const hadTarget = await rename(target, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    await rename(staging, target);
    if (hadTarget) rmSync(retired, { recursive: true, force: true });
  }

  if (options.prune) {
    const rendered = new Set(environments.map(({ name }) => name));
    for (const entry of existing) {
      const path = join(outdir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".") && !rendered.has(entry.name) && (await isSlipwayOutput(path))) {
        await rm(path, { recursive: true, force: true });
      }
    }
  }
}

/**
 * Writes files under a fresh directory. Synchronous on purpose: tens of thousands of small files
 * are written ten times faster in one tight loop than through the thread pool one promise at a time.
 */
function writeFiles(root: string, files: ReadonlyMap<string, string>): void {
  const created = new Set<string>();
  for (const [path, content] of files) {
    const directory = dirname(join(root, path));
    if (!created.has(directory)) {
      mkdirSync(directory, { recursive: true });
      created.add(directory);
    }
    writeFileSync(join(root, path), content);
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
