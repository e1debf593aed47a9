// The validate command: the same gate synth runs, over manifests on disk (rendered by slipway or
// not). Each directory holding a kustomization.yaml is one environment, so objects of different
// environments are never checked against each other; other files form one group per argument.
import { stat } from "node:fs/promises";
import { dirname, relative } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { yamlFiles } from "../spec/manifest-directories.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { InputTextError, readInputText } from "../spec/input-text.js";
import { blamingFile, formatPath } from "../spec/issues.js";
import type { Finding } from "../validate/finding.js";
import type { LocatedObject } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import type { Profile } from "../validate/policy/rule.js";
import { SchemaCatalog } from "../validate/schema.js";
import { UsageError } from "./errors.js";

export interface ValidateOptions {
  /** Files and directories of YAML manifests. */
  readonly paths: readonly string[];
  readonly profile: Profile;
  /** Schema directory for strict validation. @default the schemas shipped in imports/schemas */
  readonly schemas?: string;
  /** Labels Prometheus selects monitors and rules by. @default unchecked */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
}

export interface ValidateResult {
  readonly findings: readonly Finding[];
  readonly objects: number;
  readonly environments: number;
}

export async function validateManifests(options: ValidateOptions): Promise<ValidateResult> {
  if (options.paths.length === 0) throw new UsageError("name at least one file or directory to validate");
  const schemas = SchemaCatalog.load(options.schemas);
  const groups = new Map<string, { objects: LocatedObject[]; findings: Finding[] }>();
  for (const path of options.paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) throw new UsageError(`${path}: no such file or directory`);
    const files = info.isDirectory() ? await yamlFiles(path) : [path];
    const roots = new Set(files.filter((file) => /(^|\/)kustomization\.ya?ml$/.test(file)).map((file) => dirname(file)));
    for (const file of files) {
      const root = [...roots].filter((candidate) => file.startsWith(`${candidate}/`)).sort((a, b) => b.length - a.length)[0] ?? (info.isDirectory() ? path : dirname(path));
      const environment = relative(process.cwd(), root) || ".";
      const group = groups.get(environment) ?? { objects: [], findings: [] };
      groups.set(environment, group);
      await readManifests(file, relative(root, file), environment, group);
    }
  }
  const findings = [...groups.entries()].flatMap(([environment, group]) => [
    ...group.findings,
    ...blamingFile(environment, () => runGate(environment, group.objects, { profile: options.profile, schemas, prometheusSelector: options.prometheusSelector })),
  ]);
  return { findings, objects: [...groups.values()].reduce((sum, group) => sum + group.objects.length, 0), environments: groups.size };
}


async function readManifests(path: string, file: string, environment: string, group: { objects: LocatedObject[]; findings: Finding[] }): Promise<void> {
  const input = (rule: string, message: string, fix = "give each YAML document apiVersion, kind and metadata.name", at = ""): Finding => ({ environment, file, object: "-", path: at, rule, severity: "error", message, fix });
  let text: string;
  try {
    text = await readInputText(path);
  } catch (error) {
    if (!(error instanceof InputTextError)) throw error;
    group.findings.push(input(error.encoding ? "input/encoding" : "input/limit", error.message, error.encoding ? "convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)" : "split the file (README: Limits)"));
    return;
  }
  const { objects, problems } = manifestDocuments(text, { generateName: true });
  for (const problem of problems) {
    if (problem.kind === "yaml") group.findings.push(input("input/yaml", problem.message));
    else if (problem.kind === "limit") group.findings.push(input("input/limit", problem.message, "split the document, or remove what makes it grow (README: Limits)", formatPath(problem.path ?? [])));
    else group.findings.push(input("input/not-a-manifest", "is not a Kubernetes object"));
  }
  for (const object of objects) group.objects.push({ object: object as KubeObject, file });
}
