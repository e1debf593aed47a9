// What `slipway validate` reads, grouped into environments: each kustomization directory (built,
// or its resources read), each Helm chart (rendered, or skipped), and the other files of each
// argument — one environment, unless its subdirectories declare the same object: then each is its
// own (dev/ and prod/ copies of one object are two environments, not one namespace).
import { stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { yamlFiles } from "../spec/manifest-directories.js";
import { objectIdentity } from "../validate/cross-object/duplicates.js";
import { UsageError } from "./errors.js";
import { type HelmMode, helmRenderer, readChart } from "./helm-charts.js";
import { isKustomizationFile, kustomizationSources, type KustomizeMode, kustomizeReader } from "./kustomizations.js";
import { environmentOf, intoGroup, type ManifestFile, type ManifestGroup, readManifestFile } from "./manifest-files.js";

export interface ValidateInputOptions {
  /** Whether a path (relative to the working directory) is left unread. */
  readonly ignored: (path: string) => boolean;
  readonly kustomize: KustomizeMode;
  readonly helm: HelmMode;
}

/** The manifests of each environment, and notices of what was not read and why. */
export async function readValidateInput(paths: readonly string[], options: ValidateInputOptions): Promise<{ groups: Map<string, ManifestGroup>; notices: string[] }> {
  const { ignored } = options;
  const groups = new Map<string, ManifestGroup>();
  const groupOf = (environment: string) => {
    const group = groups.get(environment) ?? { objects: [], findings: [], notices: [] };
    groups.set(environment, group);
    return group;
  };
  const inputNotices: string[] = [];
  const kustomize = kustomizeReader(options.kustomize);
  const helm = helmRenderer(options.helm);
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new UsageError(`${path}: no such file or directory`);
    const listed = (info.isDirectory() ? await yamlFiles(path, true) : [path]).filter((file) => !ignored(relative(process.cwd(), file)));
    const { files, charts } = withoutHelmCharts(listed);
    for (const chart of charts) {
      const environment = environmentOf(chart);
      if (helm.tool !== undefined) await readChart(helm.tool, chart, environment, groupOf(environment));
      else inputNotices.push(`${environment}: a Helm chart (Chart.yaml): its templates are not manifests until rendered; skipped (${helm.why}; validate the output of helm template instead)`);
    }
    const roots = files.filter(isKustomizationFile).map((file) => dirname(file));
    const sources = new Map(await Promise.all(roots.map(async (root) => [root, await kustomizationSources(root)] as const)));
    // A kustomization another one includes (a base, a component) is validated as part of it.
    const included = new Set([...sources.values()].flatMap((source) => source.includes.map((include) => resolve(include))));
    for (const [root, source] of sources) {
      if (!included.has(resolve(root))) await kustomize(root, source, environmentOf(root), groupOf(environmentOf(root)));
    }
    const rootOf = (file: string) => roots.filter((root) => root === "." || file.startsWith(`${root}/`)).sort((a, b) => b.length - a.length)[0];
    const claimed = new Set([...sources.values()].flatMap((source) => [...source.resources, ...source.patches].map((file) => resolve(file))));
    const plain: string[] = [];
    for (const file of files) {
      const root = rootOf(file);
      if (root === undefined) plain.push(file);
      else if (!claimed.has(resolve(file)) && !isKustomizationFile(file)) {
        inputNotices.push(`${relative(process.cwd(), file)}: in a kustomization directory but not among its resources or patches: not validated (kubectl apply -k does not apply it)`);
      }
    }
    // One file at a time: a repository may hold thousands, more than may be open at once.
    const read: ReadFile[] = [];
    for (const file of plain) read.push({ file, read: await readManifestFile(file) });
    for (const [scope, entries] of scopes(info.isDirectory() ? path : dirname(path), read)) {
      const environment = environmentOf(scope);
      for (const entry of entries) intoGroup(entry.read, relative(scope, entry.file), environment, groupOf(environment));
    }
  }
  return { groups, notices: inputNotices };
}

/** The files outside Helm charts (a directory holding Chart.yaml, with everything below it), and the charts' directories. */
function withoutHelmCharts(files: readonly string[]): { files: string[]; charts: string[] } {
  const charts = files.filter((file) => /(^|\/)Chart\.ya?ml$/.test(file)).map((file) => dirname(file));
  // A chart's own charts/ subcharts fall inside it: only the outermost is named.
  const outermost = charts.filter((chart) => !charts.some((other) => other !== chart && chart.startsWith(`${other}/`)));
  return { files: files.filter((file) => !outermost.some((chart) => file === chart || file.startsWith(`${chart}/`) || chart === ".")), charts: outermost };
}

type ReadFile = { readonly file: string; readonly read: ManifestFile };

/** One scope for the files under `base`, or, when two of its subdirectories declare the same object, one per subdirectory (recursively; files directly in `base` stay in it). */
function scopes(base: string, entries: readonly ReadFile[]): Map<string, ReadFile[]> {
  const own: ReadFile[] = [];
  const byChild = new Map<string, ReadFile[]>();
  for (const entry of entries) {
    const path = relative(base, entry.file);
    const slash = path.indexOf("/");
    if (slash === -1) own.push(entry);
    else {
      const child = join(base, path.slice(0, slash));
      const list = byChild.get(child);
      if (list === undefined) byChild.set(child, [entry]);
      else list.push(entry);
    }
  }
  const declaredIn = new Map<string, string>();
  const split = [...byChild].some(([child, list]) =>
    list.some(({ read }) =>
      read.objects.some(({ object }) => {
        const identity = objectIdentity(object);
        const other = declaredIn.get(identity);
        declaredIn.set(identity, other ?? child);
        return other !== undefined && other !== child;
      }),
    ),
  );
  if (!split) return new Map([[base, [...entries]]]);
  const result = new Map<string, ReadFile[]>(own.length === 0 ? [] : [[base, own]]);
  for (const [child, list] of byChild) for (const [scope, scoped] of scopes(child, list)) result.set(scope, scoped);
  return result;
}
