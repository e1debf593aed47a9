// A config given as a value (defineConfig) rather than files: the same resolution, each problem
// blamed on `file` and the field path inside the config.
import type { ConfigFile } from "./define.js";
import { resolveEnvironments } from "./resolve.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";

/** Every environment of an in-memory config, resolved; throws a SpecError listing every problem. @param file the name problems are reported under */
export function resolveConfig(config: ConfigFile, file = "config"): EnvironmentSpec[] {
  const { environments, ...catalog } = config;
  return resolveEnvironments({
    catalog: { file, prefix: [], data: catalog },
    environments: Object.entries(environments ?? {}).map(([name, data]) => ({ name, document: { file, prefix: ["environments", name], data } })),
  });
}
