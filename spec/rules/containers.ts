// Container names are unique in a pod and writable paths are not declared twice.
import { CONFIG_FILES_VOLUME, configFileEntries } from "../config-file-entries.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { podContainers, secretVolumeName, writableVolumeName } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function containerRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [serviceName, service] of Object.entries(environment.services)) {
    if (serviceName in service.containers) {
      issues.push({
        path: ["services", serviceName, "containers", serviceName],
        message: `the main container is already named "${serviceName}"; give this extra container another name`,
      });
    }
    const volumes = new Map<string, string>(configFileEntries(serviceName, service).length > 0 ? [[CONFIG_FILES_VOLUME, "the config files"]] : []);
    for (const container of podContainers(serviceName, service)) {
      for (const mountPath of new Set(container.spec.secrets.flatMap((secret) => (secret.mountPath ? [secret.mountPath] : [])))) {
        volumes.set(secretVolumeName(container, mountPath), mountPath);
      }
    }
    for (const container of podContainers(serviceName, service)) {
      const { spec, path } = container;
      spec.writablePaths.forEach((writable, index) => {
        const volume = writableVolumeName(container, writable);
        const clash = volumes.get(volume);
        if (spec.writablePaths.indexOf(writable) !== index) {
          issues.push({ path: [...path, "writablePaths", index], message: `"${writable}" is listed twice` });
        } else if (clash !== undefined || volume.length > 63) {
          issues.push({
            path: [...path, "writablePaths", index],
            message:
              clash !== undefined
                ? `its volume name "${volume}" clashes with the one for ${clash}; use distinct paths`
                : `its volume name "${volume}" exceeds 63 characters; use a shorter path or container name`,
          });
        }
        volumes.set(volume, writable);
      });
    }
  }
  return issues;
}
