// The spec stage's public surface: load files, resolve environments, and the typed helpers.
export { type ConfigFile, defineConfig, defineEnvironment, definePlatform, defineService, type EnvironmentFile, type PlatformFile } from "./define.js";
export { ConfigNotFound, formatIssue, InternalError, SpecError, type SpecIssue } from "./issues.js";
export { type ConfigSource, loadConfig } from "./load.js";
export { resolveEnvironments } from "./resolve.js";
export type { EnvironmentSpec } from "./schema/environment-spec.js";
export type { ServiceSpec } from "./schema/service.js";

import { loadConfig } from "./load.js";
import { resolveEnvironments } from "./resolve.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";

/** Loads a config file or directory and resolves every environment in it. */
export async function loadEnvironments(path: string): Promise<EnvironmentSpec[]> {
  return resolveEnvironments(await loadConfig(path));
}
