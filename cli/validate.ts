// The validate command: the same gate synth runs, over manifests on disk (rendered by slipway or
// not), one environment at a time (cli/validate-input.ts says what an environment is), so objects
// of different environments are never checked against each other; then what the selection reports.
import type { KubeObject } from "../constructs/synth.js";
import { blamingFile } from "../spec/issues.js";
import { crdVersionSchemas } from "../validate/crd-schemas.js";
import { type Finding, findingFile, objectRef } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import type { Profile } from "../validate/policy/rule.js";
import { SchemaCatalog } from "../validate/schema.js";
import { exceptionFor, ignoredPaths, kindSkipped, ruleSelected, SEVERITY_ORDER, type ValidationSelection } from "../validate/selection.js";
import { UsageError } from "./errors.js";
import type { HelmMode } from "./helm-charts.js";
import type { KustomizeMode } from "./kustomizations.js";
import { readValidateInput } from "./validate-input.js";

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
  const { groups, notices: inputNotices } = await readValidateInput(options.paths, { ignored: ignoredPaths(selection), kustomize: options.kustomize ?? "auto", helm: options.helm ?? "auto" });
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
