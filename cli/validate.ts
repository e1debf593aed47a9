// The validate command: the same gate synth runs, over manifests on disk (rendered by slipway or
// not). Each directory holding a kustomization.yaml is one environment — what `kubectl apply -k`
// would apply there (cli/kustomizations.ts) — so objects of different environments are never
// checked against each other; other files form one group per argument.
import { stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { yamlFiles } from "../spec/manifest-directories.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { sourceLocators } from "../spec/source-positions.js";
import { InputTextError, readInputText } from "../spec/input-text.js";
import { blamingFile, formatPath } from "../spec/issues.js";
import { crdVersionSchemas } from "../validate/crd-schemas.js";
import { type Finding, findingFile, type LocatedObject, objectRef } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import type { Profile } from "../validate/policy/rule.js";
import { SchemaCatalog } from "../validate/schema.js";
import { exceptionFor, ignoredPaths, kindSkipped, ruleSelected, SEVERITY_ORDER, type ValidationSelection } from "../validate/selection.js";
import { UsageError } from "./errors.js";
import { type HelmMode, helmTool, renderChart, templateSources } from "./helm-charts.js";
import { buildKustomization, type KustomizationSources, kustomizationFile, kustomizationSources, type KustomizeMode, kustomizeTool } from "./kustomizations.js";

export interface ValidateOptions {
  /** Files and directories of YAML manifests. */
  readonly paths: readonly string[];
  readonly profile: Profile;
  /**
   * Schema directories: the first holding _definitions.json replaces the shipped set, the others
   * layer custom resource schemas over it (SchemaCatalog.layered).
   * @default the schemas shipped in imports/schemas
   */
  readonly schemas?: string | readonly string[];
  /** Labels Prometheus selects monitors and rules by. @default unchecked */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
  /** Rules, kinds, paths and severity reported, and exceptions. @default everything */
  readonly selection?: ValidationSelection;
  /** How a kustomization directory is read: built (kubectl kustomize), or its resources read as written. @default "auto" */
  readonly kustomize?: KustomizeMode;
  /** Whether a Helm chart is rendered with helm template, or skipped with a notice. @default "auto" */
  readonly helm?: HelmMode;
}

export interface ExceptedFindings {
  readonly rule: string;
  readonly reason: string;
  readonly count: number;
}

export interface ValidateResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly environments: number;
  /** What was not checked and why (kinds without a schema under ignoreMissingSchemas). */
  readonly notices: readonly string[];
  /** Findings an exception of the selection covers, counted by rule and reason. */
  readonly excepted: readonly ExceptedFindings[];
}

export async function validateManifests(options: ValidateOptions): Promise<ValidateResult> {
  if (options.paths.length === 0) throw new UsageError("name at least one file or directory to validate");
  const selection = options.selection ?? {};
  const ignored = ignoredPaths(selection);
  const groups = new Map<string, ManifestGroup>();
  const groupOf = (environment: string) => {
    const group = groups.get(environment) ?? { objects: [], findings: [], notices: [] };
    groups.set(environment, group);
    return group;
  };
  const inputNotices: string[] = [];
  const kustomize = kustomizeReader(options.kustomize ?? "auto");
  const helm = helmRenderer(options.helm ?? "auto");
  for (const path of options.paths) {
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
    for (const file of files) {
      const root = rootOf(file);
      if (root !== undefined) {
        if (!claimed.has(resolve(file)) && !/(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(file)) {
          inputNotices.push(`${relative(process.cwd(), file)}: in a kustomization directory but not among its resources or patches: not validated (kubectl apply -k does not apply it)`);
        }
        continue;
      }
      const base = info.isDirectory() ? path : dirname(path);
      const environment = relative(process.cwd(), base) || ".";
      await readManifests(file, relative(base, file), environment, groupOf(environment));
    }
  }
  const all = [...groups.values()].flatMap((group) => group.objects);
  const schemas = schemaCatalog(options.schemas).withSchemas(inputCrdSchemas(all.map(({ object }) => object)));
  const skippedObjects = all.filter(({ object }) => kindSkipped(object.apiVersion, object.kind, selection));
  const skipped = new Set(skippedObjects.map(({ object }) => objectRef(object)));
  const found = [...groups.entries()].flatMap(([environment, group]) => [
    ...group.findings,
    ...blamingFile(environment, () => runGate(environment, group.objects, { profile: options.profile, schemas, prometheusSelector: options.prometheusSelector, complete: false })),
  ]);
  const result = reported(found.filter((finding) => !skipped.has(finding.object)), selection);
  const notices = [...inputNotices, ...[...groups.values()].flatMap((group) => group.notices), ...result.notices];
  return { ...result, notices, objects: all.length - skippedObjects.length, environments: groups.size };
}

/** The files outside Helm charts (a directory holding Chart.yaml, with everything below it), and the charts' directories. */
function withoutHelmCharts(files: readonly string[]): { files: string[]; charts: string[] } {
  const charts = files.filter((file) => /(^|\/)Chart\.ya?ml$/.test(file)).map((file) => dirname(file));
  // A chart's own charts/ subcharts fall inside it: only the outermost is named.
  const outermost = charts.filter((chart) => !charts.some((other) => other !== chart && chart.startsWith(`${other}/`)));
  return { files: files.filter((file) => !outermost.some((chart) => file === chart || file.startsWith(`${chart}/`) || chart === ".")), charts: outermost };
}

/** The manifests of one environment (a kustomization directory, or one argument's files). */
interface ManifestGroup {
  readonly objects: LocatedObject[];
  readonly findings: Finding[];
  readonly notices: string[];
}

function schemaCatalog(schemas: string | readonly string[] | undefined): SchemaCatalog {
  if (schemas === undefined || typeof schemas === "string") return SchemaCatalog.load(schemas);
  return schemas.length === 0 ? SchemaCatalog.load() : SchemaCatalog.layered(schemas);
}

/** The schemas of the CustomResourceDefinitions among the objects, for their kinds. */
function inputCrdSchemas(objects: readonly KubeObject[]): Map<string, string> {
  return new Map(objects.flatMap(crdVersionSchemas).map(({ apiVersion, kind, schema }) => [`${apiVersion}/${kind}`, JSON.stringify(schema)]));
}

/** The findings the selection reports, the notices it turns some into, and what its exceptions cover. */
function reported(findings: readonly Finding[], selection: ValidationSelection): Omit<ValidateResult, "objects" | "environments"> {
  const minimum = SEVERITY_ORDER[selection.severity ?? "warning"];
  const missing = new Map<string, number>();
  const excepted = new Map<string, ExceptedFindings>();
  const kept = findings.filter((finding) => {
    if (!ruleSelected(finding.rule, selection) || SEVERITY_ORDER[finding.severity] < minimum) return false;
    if (selection.ignoreMissingSchemas === true && finding.rule === "schema/unknown-kind") {
      const kind = finding.message.replace(/^no schema for (\S+ \S+).*$/, "$1");
      missing.set(kind, (missing.get(kind) ?? 0) + 1);
      return false;
    }
    const file = findingFile(finding);
    const exception = exceptionFor(finding, file, selection);
    if (exception === undefined) return true;
    const key = `${finding.rule}\0${exception.reason}`;
    excepted.set(key, { rule: finding.rule, reason: exception.reason, count: (excepted.get(key)?.count ?? 0) + 1 });
    return false;
  });
  const notices = [...missing].map(([kind, count]) => `no schema for ${kind}: ${count} object${count === 1 ? "" : "s"} not checked against a schema (ignoreMissingSchemas)`);
  return { findings: kept, notices, excepted: [...excepted.values()] };
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
  const read = await readManifestFile(path);
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
