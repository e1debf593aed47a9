// Reads spec files (TypeScript, YAML or JSON) into documents. Two layouts:
//   a directory: platform.<ext> (platform + services) and one <environment>.<ext> per environment;
//   a single file: { platform, services, environments: { <name>: {...} } }.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as yaml from "js-yaml";
import { formatPath, SpecError } from "./issues.js";
import { isPlainObject } from "./merge-patch.js";
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
  if (info === undefined) throw fileError(path, "no such file or directory");
  return info.isDirectory() ? loadDirectory(path) : loadSingleFile(path);
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
  const extension = extname(path);
  if (extension === ".yaml" || extension === ".yml" || extension === ".json") {
    const text = await readFile(path, "utf8");
    try {
      return { file, prefix: [], data: yaml.load(text, { filename: file }) };
    } catch (error) {
      const duplicate = (error as Error).message.startsWith("duplicated mapping key") ? duplicateKeyPath(text) : undefined;
      if (duplicate !== undefined) {
        const what = duplicate.length === 2 && duplicate[0] === "services" ? "service" : "key";
        const line = (error as { mark?: { line: number } }).mark?.line;
        const where = line === undefined ? "" : ` (again at line ${line + 1})`;
        throw new SpecError([{ file, path: formatPath(duplicate), message: `duplicate ${what} "${String(duplicate.at(-1))}": each ${what} may appear once${where}` }]);
      }
      throw new SpecError([{ file, path: "", message: describeYamlError(error as yaml.YAMLException) }]);
    }
  }
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
  return { file, prefix: [], data: module.default };
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
