// Reads one spec file into a document: YAML and JSON as untrusted data (UTF-8, within the input
// limits, one document, no repeated keys), TypeScript and JavaScript by importing their default
// export. Every problem is a SpecError naming the file and, where there is one, the field.
import { extname, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as yaml from "js-yaml";
import { inputLimitProblem, type LimitProblem } from "./input-limits.js";
import { InputTextError, readInputText } from "./input-text.js";
import { formatPath, SpecError } from "./issues.js";
import { importTypeScript } from "./typescript-config.js";
import { duplicateKeyPath } from "./yaml-duplicates.js";

/** A parsed file, or the part of one, that a layer of the spec comes from. */
export interface SpecDocument {
  /** Path shown to users, relative to the working directory. */
  readonly file: string;
  /** Where `data` sits inside the file (empty for the whole file). */
  readonly prefix: readonly string[];
  readonly data: unknown;
}

export async function readDocument(path: string): Promise<SpecDocument> {
  const file = displayPath(path);
  const data = /\.(ya?ml|json)$/.test(path) ? await readDataFile(path, file) : await importCodeFile(path, file);
  let problem: LimitProblem | undefined;
  try {
    problem = inputLimitProblem(data);
  } catch (error) {
    // Only a code file's export can throw while it is read (a getter, a proxy).
    throw new SpecError([{ file, path: "", message: `its default export cannot be read: ${(error as Error).message}` }]);
  }
  if (problem !== undefined) throw new SpecError([{ file, path: formatPath(problem.path), message: problem.message }]);
  return { file, prefix: [], data };
}

/** A YAML or JSON file's one document; an empty file (or one holding only comments) is null. */
async function readDataFile(path: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readInputText(path);
  } catch (error) {
    throw new SpecError([{ file, path: "", message: error instanceof InputTextError ? error.message : `cannot be read: ${(error as Error).message}` }]);
  }
  const duplicate = () => {
    const at = duplicateKeyPath(text);
    if (at === undefined) return undefined;
    const what = at.length === 2 && at[0] === "services" ? "service" : "key";
    return { file, path: formatPath(at), message: `duplicate ${what} "${String(at.at(-1))}": each ${what} may appear once` };
  };
  if (extname(path) === ".json") {
    if (text.trim() === "") return null;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new SpecError([{ file, path: "", message: describeJsonError(text, error as SyntaxError) }]);
    }
    // JSON.parse keeps the last of two equal keys without a word; a spec must not.
    const repeated = duplicate();
    if (repeated !== undefined) throw new SpecError([repeated]);
    return data;
  }
  let documents: unknown[];
  try {
    documents = yaml.loadAll(text, { filename: file });
  } catch (error) {
    const repeated = (error as Error).message.startsWith("duplicated mapping key") ? duplicate() : undefined;
    if (repeated !== undefined) {
      const line = (error as { mark?: { line: number } }).mark?.line;
      throw new SpecError([{ ...repeated, message: `${repeated.message}${line === undefined ? "" : ` (again at line ${line + 1})`}` }]);
    }
    throw new SpecError([{ file, path: "", message: describeYamlError(error as yaml.YAMLException) }]);
  }
  if (documents.length > 1) throw new SpecError([{ file, path: "", message: `holds ${documents.length} YAML documents (separated by ---); a spec file holds one` }]);
  return documents[0] ?? null;
}

async function importCodeFile(path: string, file: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    const url = pathToFileURL(resolve(path)).href;
    module = (/\.[cm]?ts$/.test(path) ? await importTypeScript(resolve(path)) : await import(url)) as { default?: unknown };
  } catch (error) {
    throw new SpecError([{ file, path: "", message: `cannot be loaded: ${(error as Error).message}` }]);
  }
  if (module.default === undefined) {
    throw new SpecError([{ file, path: "", message: "has no default export: write `export default defineEnvironment({ ... })` (or definePlatform / defineConfig)" }]);
  }
  return module.default;
}

/** JSON.parse's message with the line and column of its position. */
function describeJsonError(text: string, error: SyntaxError): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const reason = error.message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "");
  if (position === undefined) return `is not valid JSON: ${reason}`;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  return `line ${line}, column ${Number(position) - before.lastIndexOf("\n")}: ${reason} (not valid JSON; JSON allows no trailing commas or comments)`;
}

function describeYamlError(error: yaml.YAMLException): string {
  const { reason, mark } = error as yaml.YAMLException & { reason?: string; mark?: { line: number; column: number; snippet?: string } };
  if (mark === undefined || reason === undefined) return error.message;
  const snippet = mark.snippet === undefined ? "" : `\n${mark.snippet.replace(/^/gm, "      ")}`;
  return `line ${mark.line + 1}, column ${mark.column + 1}: ${reason}${snippet}`;
}

/** Path shown to users: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const fromCwd = relative(process.cwd(), resolve(path));
  return fromCwd.startsWith("..") ? resolve(path) : fromCwd;
}
