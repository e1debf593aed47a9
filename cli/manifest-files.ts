// One manifest file as validate reads it: its objects, where each is in the file, and the input
// findings that keep the rest from being read; and the group of one environment they go into.
import { posix, relative } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { InputTextError, readInputText } from "../spec/input-text.js";
import { formatPath } from "../spec/issues.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { sourceLocators } from "../spec/source-positions.js";
import type { Finding, LocatedObject } from "../validate/finding.js";

/** The manifests of one environment (a kustomization directory, or one argument's files). */
export interface ManifestGroup {
  readonly objects: LocatedObject[];
  readonly findings: Finding[];
  readonly notices: string[];
}

/** The objects of one manifest file, where each is in it, and what keeps the rest from being read. */
export interface ManifestFile {
  readonly objects: readonly { readonly object: KubeObject; readonly locate?: LocatedObject["locate"] }[];
  readonly findings: readonly Omit<Finding, "environment" | "file">[];
  /** Why the file was skipped, when it is not a manifest at all. */
  readonly skipped?: string;
}

/** The name of the environment a directory is: its path from the working directory. */
export function environmentOf(directory: string): string {
  return relative(process.cwd(), directory) || ".";
}

/** An error about a file (or a build) as a whole, not one of its objects. @param path a field path inside the document, when there is one */
export function fileFinding(rule: string, message: string, fix: string, path = ""): Omit<Finding, "environment" | "file"> {
  return { object: "-", path, rule, severity: "error", message, fix };
}

export async function readManifestFile(path: string): Promise<ManifestFile> {
  const input = (rule: string, message: string, fix = "give each YAML document apiVersion, kind and metadata.name", at = "") => fileFinding(rule, message, fix, at);
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
export async function readManifests(path: string, file: string, environment: string, group: ManifestGroup): Promise<void> {
  intoGroup(await readManifestFile(path), file, environment, group);
}

export function intoGroup(read: ManifestFile, file: string, environment: string, group: ManifestGroup): void {
  if (read.skipped !== undefined) group.notices.push(`${posix.join(environment, file)}: ${read.skipped}`);
  for (const finding of read.findings) group.findings.push({ ...finding, environment, file });
  for (const { object, locate } of read.objects) group.objects.push({ object, file, ...(locate === undefined ? {} : { locate }) });
}
