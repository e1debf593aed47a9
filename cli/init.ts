// `slipway init`: a new platform repository that depends on slipway — a small platform (two
// services, one calling the other, one exposed) in dev and production, its tests, a CI workflow and
// a README whose first two commands work. The files come from templates/init/ in the package.
import { access, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { slipwayManifest } from "./version.js";

/** templates/init/ of the package: beside build/ when compiled, beside cli/ in the repository. */
const TEMPLATES = fileURLToPath(new URL("../templates/init", import.meta.url));

export interface InitOptions {
  /** The directory to create the repository in; created when missing. */
  readonly directory: string;
  /** Scaffold the YAML form of the config instead of TypeScript. @default false */
  readonly yaml?: boolean;
  /** Write into a directory that is not empty (files of the scaffold are overwritten). @default false */
  readonly force?: boolean;
  /** The platform's name. @default the directory's name, as a DNS label */
  readonly name?: string;
  /**
   * What package.json depends on for slipway: a version range, a git URL, or the path of a tarball
   * or checkout (written as a file: dependency relative to the new repository).
   * @default ^<this slipway's version>
   */
  readonly slipway?: string;
}

export interface InitResult {
  readonly directory: string;
  readonly name: string;
  /** The files written, relative to the directory, sorted. */
  readonly files: readonly string[];
}

/** Refused: the directory is not empty, or the name is not a DNS label. */
export class InitRefused extends Error {
  override name = "InitRefused";
}

export async function init(options: InitOptions): Promise<InitResult> {
  const directory = resolve(options.directory);
  const name = options.name ?? platformName(basename(directory));
  if (!/^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/.test(name)) {
    throw new InitRefused(`"${name}" is not a valid platform name: use lowercase letters, digits and "-", starting with a letter (at most 40 characters), e.g. --name shop`);
  }
  const existing = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (existing.length > 0 && options.force !== true) {
    throw new InitRefused(`${options.directory} is not empty (${existing.length} entr${existing.length === 1 ? "y" : "ies"}); choose an empty or new directory, or pass --force to write the scaffold's files into it`);
  }
  const form = options.yaml === true ? "yaml" : "typescript";
  const values = { name, ext: form === "yaml" ? "yaml" : "ts" };
  const files = new Map<string, string>();
  for (const root of [join(TEMPLATES, "common"), join(TEMPLATES, form)]) {
    for (const file of await templateFiles(root)) files.set(dotted(relative(root, file)), fill(await readFile(file, "utf8"), values));
  }
  files.set("package.json", `${JSON.stringify(scaffoldManifest(name, await dependencySpec(options.slipway, directory)), null, 2)}\n`);
  for (const [path, content] of files) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content);
  }
  return { directory, name, files: [...files.keys()].sort() };
}

/** The scaffold's package.json: slipway's version, and the test tools slipway itself is tested with. */
function scaffoldManifest(name: string, dependency: string | undefined): object {
  const slipway = slipwayManifest();
  const tool = (dependency: string) => slipway.devDependencies?.[dependency] ?? "*";
  return {
    name,
    private: true,
    type: "module",
    engines: slipway.engines,
    scripts: {
      synth: "slipway synth",
      test: "tsc --noEmit && vitest run && slipway check",
      diff: "slipway diff",
    },
    dependencies: { slipway: dependency ?? `^${slipway.version}` },
    devDependencies: { "@types/node": tool("@types/node"), typescript: tool("typescript"), vitest: tool("vitest") },
  };
}

/** A path that exists becomes file:<path relative to the repository>; anything else is npm's to read. */
async function dependencySpec(spec: string | undefined, directory: string): Promise<string | undefined> {
  if (spec === undefined || /^[a-z+]+:/.test(spec)) return spec;
  const exists = await access(resolve(spec)).then(() => true, () => false);
  return exists ? `file:${relative(directory, resolve(spec)) || "."}` : spec;
}

/** A directory's name as a platform name: lowercase, anything else a "-". */
export function platformName(directoryName: string): string {
  return directoryName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
}

/** npm leaves .gitignore out of a package, so the templates name their dot files without the dot. */
function dotted(path: string): string {
  return path.replace(/^(gitignore|github)(\/|$)/, ".$1$2");
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, key: string) => values[key] ?? placeholder);
}

async function templateFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}
