// What `slipway validate` reads, grouped into environments: each kustomization directory (built,
// or its resources read), each Helm chart (rendered, or skipped), and the other files of each
// argument — one environment, unless its subdirectories declare the same object: then each is its
// own (dev/ and prod/ copies of one object are two environments, not one namespace).
import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { InputTextError, readInputText } from "../spec/input-text.js";
import { formatPath } from "../spec/issues.js";
import { yamlFiles } from "../spec/manifest-directories.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { sourceLocators } from "../spec/source-positions.js";
import { objectIdentity } from "../validate/cross-object/duplicates.js";
import type { Finding, LocatedObject } from "../validate/finding.js";
import { UsageError } from "./errors.js";
import { type HelmMode, helmTool, renderChart, templateSources } from "./helm-charts.js";
import { buildKustomization, type KustomizationSources, kustomizationFile, kustomizationSources, type KustomizeMode, kustomizeTool } from "./kustomizations.js";

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
      const environment = relative(process.cwd(), chart) || ".";
      if (helm.tool !== undefined) await readChart(helm.tool, chart, environment, groupOf(environment));
      else inputNotices.push(`${environment}: a Helm chart (Chart.yaml): its templates are not manifests until rendered; skipped (${helm.why}; validate the output of helm template instead)`);
    }
    const roots = files.filter((file) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(file)).map((file) => dirname(file));
    const sources = new Map(await Promise.all(roots.map(async (root) => [root, await kustomizationSources(root)] as const)));
    // A kustomization another one includes (a base, a component) is validated as part of it.
    const included = new Set([...sources.values()].flatMap((source) => source.includes.map((include) => resolve(include))));
    for (const [root, source] of sources) {
      if (!included.has(resolve(root))) await kustomize(root, source, groupOf(relative(process.cwd(), root) || "."));
    }
    const rootOf = (file: string) => roots.filter((root) => root === "." || file.startsWith(`${root}/`)).sort((a, b) => b.length - a.length)[0];
    const claimed = new Set([...sources.values()].flatMap((source) => [...source.resources, ...source.patches].map((file) => resolve(file))));
    const plain: string[] = [];
    for (const file of files) {
      const root = rootOf(file);
      if (root === undefined) plain.push(file);
      else if (!claimed.has(resolve(file)) && !/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(file)) {
        inputNotices.push(`${relative(process.cwd(), file)}: in a kustomization directory but not among its resources or patches: not validated (kubectl apply -k does not apply it)`);
      }
    }
    const read = await Promise.all(plain.map(async (file) => ({ file, read: await readManifestFile(file) })));
    for (const [scope, entries] of scopes(info.isDirectory() ? path : dirname(path), read)) {
      const environment = relative(process.cwd(), scope) || ".";
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

/** The manifests of one environment (a kustomization directory, or one argument's files). */
export interface ManifestGroup {
  readonly objects: LocatedObject[];
  readonly findings: Finding[];
  readonly notices: string[];
}

/** The objects of one manifest file, where each is in it, and what keeps the rest from being read. */
interface ManifestFile {
  readonly objects: readonly { readonly object: KubeObject; readonly locate?: LocatedObject["locate"] }[];
  readonly findings: readonly Omit<Finding, "environment" | "file">[];
  /** Why the file was skipped, when it is not a manifest at all. */
  readonly skipped?: string;
}

async function readManifestFile(path: string): Promise<ManifestFile> {
  const input = (rule: string, message: string, fix = "give each YAML document apiVersion, kind and metadata.name", at = "") => ({ object: "-", path: at, rule, severity: "error" as const, message, fix });
  let text: string;
  try {
    text = await readInputText(path);
  } catch (error) {
    if (!(error instanceof InputTextError)) throw error;
    return { objects: [], findings: [input(error.encoding ? "input/encoding" : "input/limit", error.message, error.encoding ? "convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)" : "split the file (README: Limits)")] };
  }
  const { objects, origins, problems } = manifestDocuments(text, { generateName: true, unnamed: true });
  // A JSON file with neither apiVersion nor kind (package.json, a JSON Schema, a chart's values
  // schema) is not a manifest at all: skipped with a notice, where a YAML document would be an error.
  if (path.endsWith(".json") && objects.length === 0 && problems.length > 0 && problems.every((problem) => problem.kind === "not-a-manifest" && problem.message.includes("no apiVersion, no kind"))) {
    return { objects: [], findings: [], skipped: "not a Kubernetes manifest (no apiVersion, no kind): skipped" };
  }
  const findings = problems.map((problem) => {
    if (problem.kind === "yaml") return input("input/yaml", problem.message);
    if (problem.kind === "limit") return input("input/limit", problem.message, "split the document, or remove what makes it grow (README: Limits)", formatPath(problem.path ?? []));
    if (problem.kind === "unnamed") return input("input/no-name", problem.message, "give the object a metadata.name");
    return input("input/not-a-manifest", problem.message);
  });
  const locators = sourceLocators(text);
  return {
    findings,
    objects: objects.map((object, index) => {
      const { document, prefix } = origins[index]!;
      const locator = locators[document];
      return { object: object as KubeObject, ...(locator === undefined ? {} : { locate: (path: string) => locator(prefix, path) }) };
    }),
  };
}

/** A file's objects and findings into its group. @param file the path findings name, relative to the group's directory */
async function readManifests(path: string, file: string, environment: string, group: ManifestGroup): Promise<void> {
  intoGroup(await readManifestFile(path), file, environment, group);
}

function intoGroup(read: ManifestFile, file: string, environment: string, group: ManifestGroup): void {
  if (read.skipped !== undefined) group.notices.push(`${environment === "." ? file : `${environment}/${file}`}: ${read.skipped}`);
  for (const finding of read.findings) group.findings.push({ ...finding, environment, file });
  for (const { object, locate } of read.objects) group.objects.push({ object, file, ...(locate === undefined ? {} : { locate }) });
}

/** Reads a kustomization directory into its group: built as kubectl would apply it, or (without the tools, or when the build fails) its resources as written. */
function kustomizeReader(mode: KustomizeMode) {
  const tool = mode === "read" ? undefined : kustomizeTool();
  if (mode === "build" && tool === undefined) throw new UsageError("--kustomize build needs kubectl or kustomize on PATH (or use --kustomize read)");
  return async (root: string, source: KustomizationSources, group: ManifestGroup): Promise<void> => {
    const environment = relative(process.cwd(), root) || ".";
    const kustomization = relative(root, (await kustomizationFile(root)) ?? join(root, "kustomization.yaml"));
    const problem = (message: string): Finding => ({ environment, file: kustomization, object: "-", path: "", rule: "input/kustomize", severity: "error", message, fix: "make every file and directory the kustomization names exist, so that kubectl apply -k can build it" });
    let why = mode === "read" ? "read with --kustomize read" : "neither kubectl nor kustomize is on PATH";
    if (tool !== undefined) {
      const built = await buildKustomization(tool, root);
      if (built.ok) return readBuilt(built.text, root, kustomization, source, group);
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

function helmRenderer(mode: HelmMode): { tool?: string; why: string } {
  if (mode === "skip") return { why: "--helm skip" };
  const tool = helmTool();
  if (mode === "template" && tool === undefined) throw new UsageError("--helm template needs helm on PATH (or use --helm skip)");
  return tool === undefined ? { why: "helm is not on PATH" } : { tool, why: "" };
}

/** A chart rendered with its default values, each object attributed to the template it came from (lines are the rendered output's, so none is given). */
async function readChart(helm: string, chart: string, environment: string, group: ManifestGroup): Promise<void> {
  const rendered = await renderChart(helm, chart);
  const chartFile = ["Chart.yaml", "Chart.yml"].find((name) => existsSync(join(chart, name))) ?? "Chart.yaml";
  if (!rendered.ok) {
    group.findings.push({ environment, file: chartFile, object: "-", path: "", rule: "input/helm", severity: "error", message: rendered.message, fix: "make the chart render (helm dependency build fetches missing subcharts)" });
    return;
  }
  const { objects, origins, problems } = manifestDocuments(rendered.text, { generateName: true, unnamed: true });
  for (const problem of problems) group.findings.push({ environment, file: chartFile, object: "-", path: "", rule: "input/helm", severity: "error", message: `the rendered output: ${problem.message}`, fix: "fix the template so that it renders valid manifests" });
  const locators = sourceLocators(rendered.text);
  const templateAt = templateSources(rendered.text);
  for (const [index, object] of objects.entries()) {
    const { document, prefix } = origins[index]!;
    const line = locators[document]?.(prefix, "").line;
    group.objects.push({ object: object as KubeObject, file: (line === undefined ? undefined : templateAt(line)) ?? chartFile });
  }
}

/**
 * The objects of a built kustomization, each located in the resource file it came from — found by
 * kind and name, a name prefix or suffix allowed — and otherwise attributed to the kustomization.
 */
async function readBuilt(text: string, root: string, kustomization: string, source: KustomizationSources, group: ManifestGroup): Promise<void> {
  const environment = relative(process.cwd(), root) || ".";
  const origins = new Map<string, { name: string; namespace?: string; file: string; locate?: LocatedObject["locate"] }[]>();
  for (const file of source.resources) {
    for (const { object, locate } of (await readManifestFile(file)).objects) {
      const list = origins.get(object.kind) ?? [];
      origins.set(object.kind, list);
      list.push({ name: object.metadata.name, namespace: object.metadata.namespace, file, ...(locate === undefined ? {} : { locate }) });
    }
  }
  const { objects, problems } = manifestDocuments(text, { generateName: true, unnamed: true });
  for (const problem of problems) group.findings.push({ environment, file: kustomization, object: "-", path: "", rule: "input/kustomize", severity: "error", message: `the built output: ${problem.message}`, fix: "fix the kustomization so that it builds valid manifests" });
  for (const built of objects as KubeObject[]) {
    const candidates = origins.get(built.kind) ?? [];
    const origin =
      candidates.find(({ name, namespace }) => name === built.metadata.name && (namespace === undefined || namespace === built.metadata.namespace)) ??
      candidates.filter(({ name }) => built.metadata.name.includes(name)).sort((a, b) => b.name.length - a.name.length)[0];
    group.objects.push({ object: built, file: origin === undefined ? kustomization : relative(root, origin.file), ...(origin?.locate === undefined ? {} : { locate: origin.locate }) });
  }
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
      byChild.set(child, [...(byChild.get(child) ?? []), entry]);
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
