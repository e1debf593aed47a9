// A config given as a value (defineConfig) rather than files: the same resolution, each problem
// blamed on `file` and the field path inside the config. What a config reads from disk (manifest
// directories, config files given as { file }) needs it loaded from disk (loadConfig).
import type { ConfigFile } from "./define.js";
import { formatPath, SpecError, type SpecIssue } from "./issues.js";
import type { ConfigSource, SpecDocument } from "./load.js";
import { manifestDirectoriesOf } from "./manifest-directories.js";
import { resolveEnvironments } from "./resolve.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";

/** An in-memory config as the resolver reads it, every problem named under `file`. */
export function configSource(config: ConfigFile, file = "config"): ConfigSource {
  const { environments, ...catalog } = config;
  return {
    catalog: { file, prefix: [], data: catalog },
    environments: Object.entries(environments ?? {}).map(([name, data]) => ({ name, document: { file, prefix: ["environments", name], data } })),
  };
}

/** Every environment of an in-memory config, resolved; throws a SpecError listing every problem. @param file the name problems are reported under */
export function resolveConfig(config: ConfigFile, file = "config"): EnvironmentSpec[] {
  const source = configSource(config, file);
  const unread = [unreadManifests(source.catalog, ["platform", "manifests"]), ...source.environments.map(({ document }) => unreadManifests(document, ["manifests"]))].flat();
  if (unread.length > 0) throw new SpecError(unread);
  return resolveEnvironments(source);
}

function unreadManifests(document: SpecDocument, field: readonly string[]): SpecIssue[] {
  if (manifestDirectoriesOf(document, field).length === 0) return [];
  return [{ file: document.file, path: formatPath([...document.prefix, ...field]), message: "manifest directories are read when a config is loaded from disk: load the config from its directory (loadConfig), or add the objects to your own chart" }];
}
