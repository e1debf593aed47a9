// Persistent volumes: unique names, mount paths of their own, and a claim one node mounts at a
// time only where one pod uses it.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isSingleNodeClaim, podContainers, replicaBounds, storageOf } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function storageRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, service] of Object.entries(environment.services)) {
    const storage = storageOf(service);
    if (storage.length === 0) continue;
    const [main] = podContainers(name, service);
    const taken = new Map<string, string>([
      ...main!.spec.writablePaths.map((path): [string, string] => [path, "a writable path"]),
      ...main!.spec.secrets.flatMap((secret): [string, string][] => (secret.mountPath === undefined ? [] : [[secret.mountPath, `secret ${secret.name}`]])),
    ]);
    const names = new Set<string>();
    storage.forEach((volume, index) => {
      const at = ["services", name, "storage", index];
      if (names.has(volume.name)) issues.push({ path: [...at, "name"], message: `"${volume.name}" is declared twice; each volume has a name of its own` });
      names.add(volume.name);
      const owner = taken.get(volume.mountPath);
      if (owner !== undefined) issues.push({ path: [...at, "mountPath"], message: `${volume.mountPath} is already ${owner}'s mount; give each volume a directory of its own` });
      taken.set(volume.mountPath, `volume ${volume.name}`);
      const replicas = replicaBounds(service).max;
      if (service.kind === "deployment" && isSingleNodeClaim(volume) && replicas > 1) {
        issues.push({
          path: [...at, "accessModes"],
          message: `a ${volume.accessModes.join("/")} claim is mounted by one node at a time, and every replica of a Deployment shares it, but this one runs up to ${replicas}: run one replica, use ReadWriteMany storage, or make the workload a statefulset (a claim per replica)`,
          related: [["services", name, "replicas"], ["services", name, "autoscaling"]],
        });
      }
    });
  }
  return issues;
}
