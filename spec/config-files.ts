// Config files a container declares as `{ file: <path> }` are read here, once, relative to the
// config directory, and put in the spec as their text: the schema and every later stage see only
// text. A file that cannot be read is reported at the field that names it, with every other problem.
import { isAbsolute, join, normalize, sep } from "node:path";
import { INPUT_LIMITS } from "./input-limits.js";
import { InputTextError, readInputText } from "./input-text.js";
import { formatPath, type FieldPath, type SpecIssue } from "./issues.js";
import { isPlainObject } from "./merge-patch.js";
import type { SpecDocument } from "./read-document.js";

/** Bytes one ConfigMap holds, keys and values together (the API server's limit). */
export const CONFIG_MAP_BYTES = 1024 * 1024;

export interface ConfigFilesRead {
  /** The documents with every `{ file }` replaced by the file's text. */
  readonly documents: readonly SpecDocument[];
  readonly issues: readonly SpecIssue[];
}

/**
 * Reads the files the documents' containers name (`services.<s>.files` and
 * `services.<s>.containers.<c>.files`, in the catalog and in environment overrides).
 * @param directory the config directory: file paths are relative to it and may not leave it
 */
export async function readConfigFiles(documents: readonly SpecDocument[], directory: string): Promise<ConfigFilesRead> {
  const issues: SpecIssue[] = [];
  const texts = new Map<string, Promise<string | InputTextError | Error>>();
  const read = (relative: string) => {
    let text = texts.get(relative);
    if (text === undefined) {
      text = readConfigFile(join(directory, relative)).catch((error: Error) => error);
      texts.set(relative, text);
    }
    return text;
  };
  const replaced = await Promise.all(
    documents.map(async (document) => {
      const data = await mapFileReferences(document.data, async (reference, path) => {
        const at = (message: string) => issues.push({ file: document.file, path: formatPath([...document.prefix, ...path, "file"]), message });
        const problem = relativePathProblem(reference);
        if (problem !== undefined) {
          at(problem);
          return "";
        }
        const text = await read(normalize(reference));
        if (typeof text === "string") return text;
        at(text instanceof InputTextError || isMissing(text) ? `${reference} ${describeReadError(text)}` : `${reference} cannot be read: ${text.message}`);
        return "";
      });
      return data === document.data ? document : { ...document, data };
    }),
  );
  return { documents: replaced, issues };
}

async function readConfigFile(path: string): Promise<string> {
  const text = await readInputText(path, { ...INPUT_LIMITS, fileBytes: CONFIG_MAP_BYTES });
  if (text.includes("\0")) throw new InputTextError("holds a NUL byte: it is binary, and a ConfigMap carries text only; ship binary files in the image or on a volume", { encoding: true });
  return text;
}

function describeReadError(error: Error): string {
  if (isMissing(error)) return "does not exist in the config directory: file paths are relative to it (e.g. nginx/nginx.conf)";
  if (error instanceof InputTextError && error.encoding) return `${error.message.replace(/save the file as UTF-8$/, "a ConfigMap carries text only; ship binary files in the image or on a volume")}`;
  return error.message.replace(/an input file may hold at most/, "a config file may hold at most").replace(/: split it$/, " (a ConfigMap's limit); ship large files in the image or on a volume");
}

function isMissing(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/** Why a path naming something in the config directory is refused, if it is. */
export function relativePathProblem(reference: string): string | undefined {
  if (reference === "") return "is empty: name a file relative to the config directory";
  if (isAbsolute(reference)) return `"${reference}" is absolute: name the file relative to the config directory (e.g. nginx/nginx.conf)`;
  const normalized = normalize(reference);
  if (normalized === ".." || normalized.startsWith(`..${sep}`)) return `"${reference}" leaves the config directory: keep config files inside it`;
  return undefined;
}

type FileReader = (reference: string, path: FieldPath) => Promise<string>;

/** The document with each file reference replaced by what `read` gives; the same object when it has none. */
async function mapFileReferences(data: unknown, read: FileReader): Promise<unknown> {
  if (!isPlainObject(data) || !isPlainObject(data.services)) return data;
  const services = await mapEntries(data.services, async (service, name) => {
    if (!isPlainObject(service)) return service;
    const withFiles = await mapFiles(service, ["services", name], read);
    if (!isPlainObject(withFiles.containers)) return withFiles;
    const containers = await mapEntries(withFiles.containers, (container, containerName) =>
      isPlainObject(container) ? mapFiles(container, ["services", name, "containers", containerName], read) : Promise.resolve(container),
    );
    return containers === withFiles.containers ? withFiles : { ...withFiles, containers };
  });
  return services === data.services ? data : { ...data, services };
}

async function mapFiles(container: Record<string, unknown>, at: FieldPath, read: FileReader): Promise<Record<string, unknown>> {
  if (!isPlainObject(container.files)) return container;
  const files = await mapEntries(container.files, (entry, path) =>
    isPlainObject(entry) && typeof entry.file === "string" && Object.keys(entry).length === 1 ? read(entry.file, [...at, "files", path]) : Promise.resolve(entry),
  );
  return files === container.files ? container : { ...container, files };
}

async function mapEntries(record: Record<string, unknown>, map: (value: unknown, key: string) => Promise<unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(Object.entries(record).map(async ([key, value]) => [key, value, await map(value, key)] as const));
  if (entries.every(([, before, after]) => before === after)) return record;
  return Object.fromEntries(entries.map(([key, , value]) => [key, value]));
}
