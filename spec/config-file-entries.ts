// The config files of a workload as its ConfigMap holds them: one key per container and path.
import type { FieldPath } from "./issues.js";
import type { ServiceSpec } from "./schema/service.js";
import { podContainers } from "./workload.js";

export interface ConfigFileEntry {
  /** Container that mounts the file. */
  readonly container: string;
  /** Absolute path of the file in the container. */
  readonly path: string;
  /** Key of the file in the workload's ConfigMap. */
  readonly key: string;
  readonly content: string;
  /** Field of the file's declaration in the resolved spec. */
  readonly at: FieldPath;
}

/** Name of the pod volume of the workload's ConfigMap. */
export const CONFIG_FILES_VOLUME = "config-files";

/** "/etc/nginx/nginx.conf" of container nginx → "nginx.etc_nginx_nginx.conf". */
export function configFileKey(container: string, path: string): string {
  return `${container}.${path.replace(/^\/+/, "").replace(/[^-._a-zA-Z0-9]+/g, "_")}`;
}

/** Name of the ConfigMap holding a workload's config files. */
export function configFilesName(workload: string): string {
  return `${workload}-files`;
}

/** Every config file of the workload's containers, the main container's first, each container's by path. */
export function configFileEntries(name: string, service: ServiceSpec): ConfigFileEntry[] {
  return podContainers(name, service).flatMap((container) =>
    Object.keys(container.spec.files)
      .sort()
      .map((path) => ({
        container: container.name,
        path,
        key: configFileKey(container.name, path),
        content: container.spec.files[path] as string,
        at: [...container.path, "files", path],
      })),
  );
}

/** Bytes the entries take in a ConfigMap, as the API server counts them (keys and values). */
export function configMapBytes(entries: readonly ConfigFileEntry[]): number {
  return entries.reduce((total, entry) => total + Buffer.byteLength(entry.key) + Buffer.byteLength(entry.content), 0);
}
