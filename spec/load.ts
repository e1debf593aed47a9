// Finds a config's files and reads them into documents (read-document.ts). Two layouts:
//   a directory: platform.<ext> (platform + services) and one <environment>.<ext> per environment;
//   a single file: { platform, services, environments: { <name>: {...} } }.
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { readConfigFiles } from "./config-files.js";
import { type ExtraManifest, readManifestDirectories } from "./manifest-directories.js";
import { ConfigNotFound, SpecError, type SpecIssue } from "./issues.js";
import { isPlainObject } from "./merge-patch.js";
import { displayPath, readDocument, type SpecDocument } from "./read-document.js";

export type { SpecDocument };

const SPEC_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".yaml", ".yml", ".json"];


export interface ConfigSource {
  /** Holds `platform` and `services`. */
  readonly catalog: SpecDocument;
  readonly environments: readonly { readonly name: string; readonly document: SpecDocument }[];
  /** Problems found while loading that do not stop the resolve (a config file that cannot be read). */
  readonly issues?: readonly SpecIssue[];
  /** The objects of each manifest directory the config names, by the name it is given. */
  readonly manifests?: ReadonlyMap<string, readonly ExtraManifest[]>;
}

export async function loadConfig(path: string): Promise<ConfigSource> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new ConfigNotFound(`${displayPath(path)}: no such file or directory; the config is a directory (platform.ts and one file per environment) or a single .ts/.yaml/.json file`);
  if (info.isDirectory()) return withConfigFiles(await loadDirectory(path), path);
  if (!SPEC_EXTENSIONS.includes(extname(path))) throw fileError(path, `is not a config file: name a directory, or a file ending in ${SPEC_EXTENSIONS.join(", ")}`);
  return withConfigFiles(await loadSingleFile(path), dirname(path));
}

/** The source with the config files its containers name (config-files.ts) and its manifest directories (manifest-directories.ts) read in. */
async function withConfigFiles(source: ConfigSource, directory: string): Promise<ConfigSource> {
  const { documents, issues } = await readConfigFiles([source.catalog, ...source.environments.map(({ document }) => document)], directory);
  const [catalog, ...environments] = documents;
  const references = [{ document: catalog!, field: ["platform", "manifests"] }, ...environments.map((document) => ({ document: document!, field: ["manifests"] }))];
  const read = await readManifestDirectories(references, directory);
  return {
    catalog: catalog!,
    environments: source.environments.map(({ name }, index) => ({ name, document: environments[index]! })),
    issues: [...issues, ...read.issues],
    manifests: read.manifests,
  };
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

function stem(file: string): string {
  return basename(file, extname(file));
}

function fileError(path: string, message: string): SpecError {
  return new SpecError([{ file: displayPath(path), path: "", message }]);
}
