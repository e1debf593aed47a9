// The validate command: the same gate synth runs, over manifests on disk (rendered by slipway or
// not). Each directory holding a kustomization.yaml is one environment, so objects of different
// environments are never checked against each other; other files form one group per argument.
import { stat } from "node:fs/promises";
import { dirname, relative } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { yamlFiles } from "../spec/manifest-directories.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { sourceLocators } from "../spec/source-positions.js";
import { InputTextError, readInputText } from "../spec/input-text.js";
import { blamingFile, formatPath } from "../spec/issues.js";
import { crdVersionSchemas } from "../validate/crd-schemas.js";
import { type Finding, type LocatedObject, objectRef } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import type { Profile } from "../validate/policy/rule.js";
import { SchemaCatalog } from "../validate/schema.js";
import { exceptionFor, ignoredPaths, kindSkipped, ruleSelected, SEVERITY_ORDER, type ValidationSelection } from "../validate/selection.js";
import { UsageError } from "./errors.js";

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
  const chartNotices: string[] = [];
  for (const path of options.paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new UsageError(`${path}: no such file or directory`);
    const listed = (info.isDirectory() ? await yamlFiles(path, true) : [path]).filter((file) => !ignored(relative(process.cwd(), file)));
    const { files, charts } = withoutHelmCharts(listed);
    for (const chart of charts) chartNotices.push(`${relative(process.cwd(), chart) || "."}: a Helm chart (Chart.yaml): its templates are not manifests until rendered; skipped (validate the output of helm template instead)`);
    const roots = new Set(files.filter((file) => /(^|\/)kustomization\.ya?ml$/.test(file)).map((file) => dirname(file)));
    for (const file of files) {
      const root = [...roots].filter((candidate) => file.startsWith(`${candidate}/`)).sort((a, b) => b.length - a.length)[0] ?? (info.isDirectory() ? path : dirname(path));
      const environment = relative(process.cwd(), root) || ".";
      const group = groups.get(environment) ?? { objects: [], findings: [], notices: [] };
      groups.set(environment, group);
      await readManifests(file, relative(root, file), environment, group);
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
  const notices = [...chartNotices, ...[...groups.values()].flatMap((group) => group.notices), ...result.notices];
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
    const file = finding.file === undefined ? undefined : finding.environment === "." ? finding.file : `${finding.environment}/${finding.file}`;
    const exception = exceptionFor(finding, file, selection);
    if (exception === undefined) return true;
    const key = `${finding.rule}\0${exception.reason}`;
    excepted.set(key, { rule: finding.rule, reason: exception.reason, count: (excepted.get(key)?.count ?? 0) + 1 });
    return false;
  });
  const notices = [...missing].map(([kind, count]) => `no schema for ${kind}: ${count} object${count === 1 ? "" : "s"} not checked against a schema (ignoreMissingSchemas)`);
  return { findings: kept, notices, excepted: [...excepted.values()] };
}

async function readManifests(path: string, file: string, environment: string, group: ManifestGroup): Promise<void> {
  const input = (rule: string, message: string, fix = "give each YAML document apiVersion, kind and metadata.name", at = ""): Finding => ({ environment, file, object: "-", path: at, rule, severity: "error", message, fix });
  let text: string;
  try {
    text = await readInputText(path);
  } catch (error) {
    if (!(error instanceof InputTextError)) throw error;
    group.findings.push(input(error.encoding ? "input/encoding" : "input/limit", error.message, error.encoding ? "convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)" : "split the file (README: Limits)"));
    return;
  }
  const { objects, origins, problems } = manifestDocuments(text, { generateName: true, unnamed: true });
  // A JSON file with neither apiVersion nor kind (package.json, a JSON Schema, a chart's values
  // schema) is not a manifest at all: skipped with a notice, where a YAML document would be an error.
  if (path.endsWith(".json") && objects.length === 0 && problems.length > 0 && problems.every((problem) => problem.kind === "not-a-manifest" && problem.message.includes("no apiVersion, no kind"))) {
    group.notices.push(`${environment === "." ? file : `${environment}/${file}`}: not a Kubernetes manifest (no apiVersion, no kind): skipped`);
    return;
  }
  for (const problem of problems) {
    if (problem.kind === "yaml") group.findings.push(input("input/yaml", problem.message));
    else if (problem.kind === "limit") group.findings.push(input("input/limit", problem.message, "split the document, or remove what makes it grow (README: Limits)", formatPath(problem.path ?? [])));
    else if (problem.kind === "unnamed") group.findings.push(input("input/no-name", problem.message, "give the object a metadata.name"));
    else group.findings.push(input("input/not-a-manifest", problem.message));
  }
  const locators = sourceLocators(text);
  for (const [index, object] of objects.entries()) {
    const { document, prefix } = origins[index]!;
    const locator = locators[document];
    group.objects.push({ object: object as KubeObject, file, ...(locator === undefined ? {} : { locate: (path: string) => locator(prefix, path) }) });
  }
}
