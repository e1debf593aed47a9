// Config files: text that fits one ConfigMap, a path that names a file of its own, and a key in
// the ConfigMap no other file of the container takes.
import { CONFIG_MAP_BYTES } from "../config-files.js";
import { configFileEntries, configFilesName, configMapBytes } from "../config-file-entries.js";
import { formatBytes } from "../input-limits.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { podContainers, storageOf } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

/** Keys of a ConfigMap: at most 253 characters. */
const KEY_LENGTH = 253;

export function configFileRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, service] of Object.entries(environment.services)) {
    const entries = configFileEntries(name, service);
    if (entries.length === 0) continue;
    const mounts = new Map<string, Map<string, string>>();
    for (const container of podContainers(name, service)) {
      const taken = new Map<string, string>([
        ...container.spec.writablePaths.map((path): [string, string] => [path, "a writable path"]),
        ...container.spec.secrets.flatMap((secret): [string, string][] => (secret.mountPath === undefined ? [] : [[secret.mountPath, `secret ${secret.name}'s directory`]])),
        ...(container.isMain ? storageOf(service).map((volume): [string, string] => [volume.mountPath, `volume ${volume.name}`]) : []),
      ]);
      mounts.set(container.name, taken);
    }
    const keys = new Map<string, string>();
    for (const entry of entries) {
      const taken = mounts.get(entry.container)!;
      const owner = taken.get(entry.path);
      const readOnlyParent = [...taken].find(([directory, what]) => what.startsWith("secret ") && entry.path.startsWith(`${directory}/`));
      if (entry.path.endsWith("/")) {
        issues.push({ path: entry.at, message: `"${entry.path}" names a directory: key each file by its own path (e.g. "${entry.path}app.conf")` });
      } else if (owner !== undefined) {
        issues.push({ path: entry.at, message: `${entry.path} is already ${owner}'s mount: give the file a path of its own` });
      } else if (readOnlyParent !== undefined) {
        issues.push({ path: entry.at, message: `${entry.path} lies inside ${readOnlyParent[1]} (${readOnlyParent[0]}), which is read-only: put the file outside it` });
      }
      if (entry.content.includes("\0")) {
        issues.push({ path: entry.at, message: "holds a NUL character: it is binary, and a ConfigMap carries text only; ship binary files in the image or on a volume" });
      }
      const clash = keys.get(entry.key);
      if (clash !== undefined) {
        issues.push({ path: entry.at, message: `its ConfigMap key "${entry.key}" is also ${clash}'s: paths that differ only in characters other than letters, digits, '-', '.' and '_' cannot both be files; rename one` });
      } else if (entry.key.length > KEY_LENGTH) {
        issues.push({ path: entry.at, message: `its ConfigMap key "${entry.key.slice(0, 40)}…" exceeds ${KEY_LENGTH} characters: use a shorter path or container name` });
      }
      keys.set(entry.key, entry.path);
    }
    const bytes = configMapBytes(entries);
    if (bytes > CONFIG_MAP_BYTES) {
      issues.push({
        path: ["services", name, "files"],
        message: `the workload's config files take ${formatBytes(bytes)}, more than the ${formatBytes(CONFIG_MAP_BYTES)} one ConfigMap (${configFilesName(name)}) holds: ship large files in the image or on a volume`,
        related: entries.map((entry) => entry.at),
      });
    }
  }
  return issues;
}
