// Kustomization directories in validate's input. Each is what `kubectl apply -k` would apply: built
// with `kubectl kustomize` (or `kustomize build`) when either is on PATH. Without them, the files its
// resources name are read as they are and its patch files are left out, with a notice: a patch is
// part of an object, not a manifest.
import { readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import * as yaml from "js-yaml";
import type { KubeObject } from "../constructs/synth.js";
import { stringItems } from "../spec/json-values.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { executableOnPath } from "../validate/executable-on-path.js";
import type { Finding, LocatedObject } from "../validate/finding.js";
import { UsageError } from "./errors.js";
import { fileFinding, type ManifestGroup, readManifestFile, readManifests } from "./manifest-files.js";
import { runManifestTool, type ToolOutput } from "./manifest-tools.js";

export const KUSTOMIZE_MODES = ["auto", "build", "read"] as const;

/** auto: build when kubectl or kustomize is on PATH, else read; build: always (an error without them); read: never build. */
export type KustomizeMode = (typeof KUSTOMIZE_MODES)[number];

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface KustomizeTool {
  readonly command: string;
  readonly args: readonly string[];
  /** How notices name it: `kubectl kustomize` or `kustomize build`. */
  readonly name: string;
}

/** kubectl kustomize, else kustomize build, from PATH. */
export function kustomizeTool(): KustomizeTool | undefined {
  const kubectl = executableOnPath("kubectl");
  if (kubectl !== undefined) return { command: kubectl, args: ["kustomize"], name: "kubectl kustomize" };
  const kustomize = executableOnPath("kustomize");
  return kustomize === undefined ? undefined : { command: kustomize, args: ["build"], name: "kustomize build" };
}

export interface KustomizationSources {
  /** Manifest files its resources name, directly or through the kustomization directories they name. */
  readonly resources: readonly string[];
  /** Patch files it (or a kustomization it includes) applies: parts of objects, not manifests. */
  readonly patches: readonly string[];
  /** Kustomization directories it includes (bases, components). */
  readonly includes: readonly string[];
  /** Resources it names by URL, which are not fetched. */
  readonly remote: readonly string[];
  /** What could not be read (a missing file, a kustomization that is not YAML), with the kustomization file saying it. */
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

/** Whether a path names a kustomization file (kustomization.yaml, kustomization.yml or Kustomization). */
export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(path));
}

/** The kustomization file of a directory, if it has one. */
export async function kustomizationFile(directory: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    const path = join(directory, name);
    if ((await stat(path).catch(() => undefined))?.isFile()) return path;
  }
  return undefined;
}

const isRemote = (entry: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry);
const paths = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((item) => (typeof item === "object" && item !== null && typeof item.path === "string" ? [item.path as string] : [])) : []);

/** What a kustomization directory is made of, following the directories it includes. */
export async function kustomizationSources(directory: string): Promise<KustomizationSources> {
  const sources = { resources: [] as string[], patches: [] as string[], includes: [] as string[], remote: [] as string[], problems: [] as { file: string; message: string }[] };
  const visited = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    const absolute = resolve(dir);
    if (visited.has(absolute)) return;
    visited.add(absolute);
    const file = await kustomizationFile(dir);
    if (file === undefined) {
      sources.problems.push({ file: dir, message: "is a directory without a kustomization.yaml" });
      return;
    }
    let kustomization: Record<string, unknown>;
    try {
      const loaded = yaml.load(await readFile(file, "utf8"));
      kustomization = typeof loaded === "object" && loaded !== null ? (loaded as Record<string, unknown>) : {};
    } catch (error) {
      sources.problems.push({ file, message: `is not YAML: ${(error as Error).message.split("\n")[0]}` });
      return;
    }
    // A strategic merge patch may be given inline: only entries that are one line are file paths.
    const patchFiles = [...stringItems(kustomization.patchesStrategicMerge).filter((entry) => !entry.includes("\n")), ...paths(kustomization.patches), ...paths(kustomization.patchesJson6902)];
    sources.patches.push(...patchFiles.map((patch) => join(dir, patch)));
    for (const entry of [...stringItems(kustomization.resources), ...stringItems(kustomization.bases), ...stringItems(kustomization.components)]) {
      if (isRemote(entry)) {
        sources.remote.push(entry);
        continue;
      }
      const path = join(dir, entry);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) sources.problems.push({ file, message: `names ${entry}, which does not exist` });
      else if (info.isDirectory()) {
        sources.includes.push(path);
        await visit(path);
      } else sources.resources.push(path);
    }
  };
  await visit(directory);
  return sources;
}

/** The kustomization built as kubectl would apply it. */
export function buildKustomization(tool: KustomizeTool, directory: string): Promise<ToolOutput> {
  return runManifestTool(tool.command, [...tool.args, directory], `${tool.name} ${directory}`);
}

/** Reads a kustomization directory into its group: built as kubectl would apply it, or (without the tools, or when the build fails) its resources as written. */
export function kustomizeReader(mode: KustomizeMode) {
  const tool = mode === "read" ? undefined : kustomizeTool();
  if (mode === "build" && tool === undefined) throw new UsageError("--kustomize build needs kubectl or kustomize on PATH (or use --kustomize read)");
  return async (root: string, source: KustomizationSources, environment: string, group: ManifestGroup): Promise<void> => {
    const kustomization = relative(root, (await kustomizationFile(root)) ?? join(root, "kustomization.yaml"));
    const problem = (message: string): Finding => ({ environment, file: kustomization, ...fileFinding("input/kustomize", message, "make every file and directory the kustomization names exist, so that kubectl apply -k can build it") });
    let why = mode === "read" ? "read with --kustomize read" : "neither kubectl nor kustomize is on PATH";
    if (tool !== undefined) {
      const built = await buildKustomization(tool, root);
      if (built.ok) return readBuilt(built.text, root, kustomization, source, environment, group);
      group.findings.push(problem(built.message));
      why = "its build failed";
    } else {
      for (const { file, message } of source.problems) group.findings.push(problem(relative(root, file) === kustomization ? message : `${relative(root, file)}: ${message}`));
    }
    for (const file of source.resources) await readManifests(file, relative(root, file), environment, group);
    const left = [
      ...(source.patches.length === 0 ? [] : [`its ${source.patches.length} patch file(s) are not applied`]),
      ...(source.remote.length === 0 ? [] : [`its ${source.remote.length} remote resource(s) are not fetched`]),
    ];
    if (left.length > 0) group.notices.push(`${environment}: ${why}: the files its resources name are validated as written; ${left.join(" and ")}`);
  };
}

/**
 * The objects of a built kustomization, each located in the resource file it came from — found by
 * kind and name, a name prefix or suffix allowed — and otherwise attributed to the kustomization.
 */
async function readBuilt(text: string, root: string, kustomization: string, source: KustomizationSources, environment: string, group: ManifestGroup): Promise<void> {
  const origins = new Map<string, { name: string; namespace?: string; file: string; locate?: LocatedObject["locate"] }[]>();
  for (const file of source.resources) {
    for (const { object, locate } of (await readManifestFile(file)).objects) {
      const list = origins.get(object.kind) ?? [];
      origins.set(object.kind, list);
      list.push({ name: object.metadata.name, namespace: object.metadata.namespace, file, ...(locate === undefined ? {} : { locate }) });
    }
  }
  const { objects, problems } = manifestDocuments(text, { generateName: true, unnamed: true });
  for (const problem of problems) group.findings.push({ environment, file: kustomization, ...fileFinding("input/kustomize", `the built output: ${problem.message}`, "fix the kustomization so that it builds valid manifests") });
  for (const built of objects as KubeObject[]) {
    const candidates = origins.get(built.kind) ?? [];
    const origin =
      candidates.find(({ name, namespace }) => name === built.metadata.name && (namespace === undefined || namespace === built.metadata.namespace)) ??
      candidates.filter(({ name }) => built.metadata.name.includes(name)).sort((a, b) => b.name.length - a.name.length)[0];
    group.objects.push({ object: built, file: origin === undefined ? kustomization : relative(root, origin.file), ...(origin?.locate === undefined ? {} : { locate: origin.locate }) });
  }
}
