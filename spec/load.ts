// Reads spec files (TypeScript, YAML or JSON) into documents. Two layouts:
//   a directory: platform.<ext> (platform + services) and one <environment>.<ext> per environment;
//   a single file: { platform, services, environments: { <name>: {...} } }.
import { readdir, stat } from "node:fs/promises";
import { basename, extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as yaml from "js-yaml";
import { ConfigNotFound, formatPath, SpecError } from "./issues.js";
import { isPlainObject } from "./merge-patch.js";
import { inputLimitProblem, type LimitProblem } from "./input-limits.js";
import { InputTextError, readInputText } from "./input-text.js";
import { duplicateKeyPath } from "./yaml-duplicates.js";
import { importTypeScript } from "./typescript-config.js";

const SPEC_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".yaml", ".yml", ".json"];

/** A parsed file, or the part of one, that a layer of the spec comes from. */
export interface SpecDocument {
  /** Path shown to users, relative to the working directory. */
  readonly file: string;
  /** Where `data` sits inside the file (empty for the whole file). */
  readonly prefix: readonly string[];
  readonly data: unknown;
}

export interface ConfigSource {
  /** Holds `platform` and `services`. */
  readonly catalog: SpecDocument;
  readonly environments: readonly { readonly name: string; readonly document: SpecDocument }[];
}

export async function loadConfig(path: string): Promise<ConfigSource> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new ConfigNotFound(`${displayPath(path)}: no such file or directory; the config is a directory (platform.ts and one file per environment) or a single .ts/.yaml/.json file`);
  if (info.isDirectory()) return loadDirectory(path);
  if (!SPEC_EXTENSIONS.includes(extname(path))) throw fileError(path, `is not a config file: name a directory, or a file ending in ${SPEC_EXTENSIONS.join(", ")}`);
  return loadSingleFile(path);
}

async function loadDirectory(directory: string): Promise<ConfigSource> {
  const files = (await readdir(directory))
    .filter((file) => SPEC_EXTENSIONS.includes(extname(file)) && !/^[._]/.test(file) && !/\.(d|test|spec)\.[mc]?ts$/.test(file))
    .sort();
  const catalogFiles = files.filter((file) => stem(file) === "platform");
  if (catalogFiles.length !== 1) {
    throw fileError(
      directory,
      catalogFiles.length === 0
        ? "a config directory needs a platform.ts (or .yaml/.json) holding `platform` and `services`"
        : `a config directory takes one platform file; found ${catalogFiles.join(", ")}`,
    );
  }
  const environmentFiles = files.filter((file) => stem(file) !== "platform");
  if (environmentFiles.length === 0) {
    throw fileError(directory, "no environment files: add one per environment, e.g. dev.ts, staging.ts, production.ts");
  }
  const duplicate = environmentFiles.find((file, index) => environmentFiles.findIndex((other) => stem(other) === stem(file)) !== index);
  if (duplicate !== undefined) throw fileError(join(directory, duplicate), `two files define environment "${stem(duplicate)}"`);

  const [catalog, ...environments] = await Promise.all(
    [catalogFiles[0]!, ...environmentFiles].map((file) => readDocument(join(directory, file))),
  );
  return {
    catalog: catalog!,
    environments: environmentFiles.map((file, index) => ({ name: stem(file), document: environments[index]! })),
  };
}

async function loadSingleFile(file: string): Promise<ConfigSource> {
  const document = await readDocument(file);
  const { data } = document;
  if (!isPlainObject(data) || !isPlainObject(data.environments)) {
    throw fileError(file, "a single-file config needs `platform`, `services` and `environments: { <name>: {...} }`");
  }
  const environments = Object.entries(data.environments).map(([name, environment]) => ({
    name,
    document: { file: document.file, prefix: ["environments", name], data: environment },
  }));
  if (environments.length === 0) throw fileError(file, "environments: declare at least one environment");
  const { environments: _environments, ...catalog } = data;
  return { catalog: { ...document, data: catalog }, environments };
}

async function readDocument(path: string): Promise<SpecDocument> {
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

function stem(file: string): string {
  return basename(file, extname(file));
}

function displayPath(path: string): string {
  const fromCwd = relative(process.cwd(), resolve(path));
  return fromCwd.startsWith("..") ? resolve(path) : fromCwd;
}

function fileError(path: string, message: string): SpecError {
  return new SpecError([{ file: displayPath(path), path: "", message }]);
}
