// Extra manifests: directories of hand-written YAML the platform or an environment names, read
// when the config is loaded (relative to the config directory, never outside it), each file as
// untrusted input. Problems are reported at the file at fault, or at the field naming the directory.
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { relativePathProblem } from "./config-files.js";
import { InputTextError, readInputText } from "./input-text.js";
import { type FieldPath, formatPath, type SpecIssue } from "./issues.js";
import { type ManifestObject, manifestDocuments } from "./manifest-documents.js";
import { stringItems } from "./json-values.js";
import { isPlainObject } from "./merge-patch.js";
import { displayPath, type SpecDocument } from "./read-document.js";

/** A hand-written object and the file it came from. */
export interface ExtraManifest {
  readonly file: string;
  readonly object: ManifestObject;
}

/** The manifest directories one document names: `platform.manifests` in the catalog, `manifests` in an environment. */
export function manifestDirectoriesOf(document: SpecDocument, field: FieldPath): string[] {
  let value: unknown = document.data;
  for (const key of field) value = isPlainObject(value) ? value[String(key)] : undefined;
  return stringItems(value);
}

/**
 * Reads each directory once: its .yaml/.yml files, nested directories included, in path order.
 * @param references the documents and the field of each that names directories
 */
export async function readManifestDirectories(references: readonly { document: SpecDocument; field: FieldPath }[], directory: string): Promise<{ manifests: Map<string, ExtraManifest[]>; issues: SpecIssue[] }> {
  const manifests = new Map<string, ExtraManifest[]>();
  const issues: SpecIssue[] = [];
  for (const { document, field } of references) {
    manifestDirectoriesOf(document, field).forEach((relative, index) => {
      const at = (message: string) => issues.push({ file: document.file, path: formatPath([...document.prefix, ...field, index]), message });
      const problem = relativePathProblem(relative);
      if (problem !== undefined) at(problem);
      else if (!manifests.has(relative)) manifests.set(relative, []);
    });
  }
  await Promise.all(
    [...manifests.keys()].map(async (relative) => {
      const path = join(directory, relative);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isDirectory()) {
        for (const { document, field } of references) {
          manifestDirectoriesOf(document, field).forEach((named, index) => {
            if (named === relative) issues.push({ file: document.file, path: formatPath([...document.prefix, ...field, index]), message: `${relative} ${info === undefined ? "does not exist" : "is not a directory"} in the config directory: name a directory of YAML files, relative to it` });
          });
        }
        return;
      }
      const objects: ExtraManifest[] = [];
      for (const file of await yamlFiles(path)) {
        const shown = displayPath(file);
        let text: string;
        try {
          text = await readInputText(file);
        } catch (error) {
          issues.push({ file: shown, path: "", message: error instanceof InputTextError ? error.message : `cannot be read: ${(error as Error).message}` });
          continue;
        }
        const { objects: found, problems } = manifestDocuments(text);
        for (const problem of problems) {
          issues.push({
            file: shown,
            path: formatPath(problem.path ?? []),
            message: problem.kind === "yaml" ? `is not YAML: ${problem.message}` : problem.kind === "not-a-manifest" ? `${problem.message}: give each YAML document apiVersion, kind and metadata.name` : problem.message,
          });
        }
        for (const object of found) objects.push({ file: shown, object });
      }
      manifests.set(relative, objects);
    }),
  );
  return { manifests, issues };
}

/** The .yaml and .yml files (and .json ones, with `json`) under a directory, nested ones included, hidden ones not, in path order. */
export async function yamlFiles(directory: string, json = false): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const pattern = json ? /\.(ya?ml|json)$/ : /\.ya?ml$/;
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith("."))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map(async (entry) => {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) return yamlFiles(path, json);
        return pattern.test(entry.name) ? [path] : [];
      }),
  );
  return nested.flat();
}
