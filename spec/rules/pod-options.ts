// Pod options Kubernetes would refuse, or that would not do what they say: init containers that
// serve, are probed or have hooks without being sidecars, sidecars the cluster's version lacks, pod
// annotations slipway sets, and a rolling update of a claim one node holds.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isSingleNodeClaim, podContainers } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";
import { NATIVE_SIDECAR_MINOR } from "./native-sidecars.js";

/** Pod annotations slipway renders itself; a declared one would be overwritten or fight it. */
const RESERVED_ANNOTATIONS = [/^checksum\//, /^kubectl\.kubernetes\.io\/default-container$/, /^sidecar\.istio\.io\/(proxy|nativeSidecar)/];

export function podOptionRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const minor = Number(environment.cluster.kubernetesVersion.split(".")[1]);
  const tooOld = (feature: string, needed: number) =>
    `${feature} needs Kubernetes 1.${needed} or later, and cluster.kubernetesVersion is ${environment.cluster.kubernetesVersion}: set it to "1.${needed}" or later (where the cluster runs it)`;
  for (const [name, service] of Object.entries(environment.services)) {
    const containers = podContainers(name, service);
    const seen = new Map<string, string>();
    for (const container of containers) {
      const { spec, path } = container;
      if (container.isInit) {
        const clash = seen.get(container.name);
        if (clash !== undefined) issues.push({ path: [...path, "name"], message: `"${container.name}" is already the name of ${clash}; container names are unique in a pod` });
        if (!container.isSidecar) {
          if (spec.ports.length > 0) issues.push({ path: [...path, "ports"], message: "a plain init container runs to completion before the pod serves: it cannot serve ports (make it a native sidecar with restartPolicy: Always, or an extra container)" });
          const probes = (["readiness", "liveness", "startup"] as const).filter((probe) => spec.probes[probe] !== undefined);
          if (probes.length > 0) issues.push({ path: [...path, "probes"], message: `Kubernetes allows no ${probes.join(", ")} probe on a plain init container; only a native sidecar (restartPolicy: Always) is probed` });
          if (spec.lifecycle !== undefined) issues.push({ path: [...path, "lifecycle"], message: "Kubernetes allows no lifecycle hook on a plain init container; only a native sidecar (restartPolicy: Always) has one" });
        } else if (minor < NATIVE_SIDECAR_MINOR) {
          issues.push({ path: [...path, "restartPolicy"], message: tooOld("a native sidecar (restartPolicy: Always)", NATIVE_SIDECAR_MINOR), related: [["cluster", "kubernetesVersion"]] });
        }
      }
      seen.set(container.name, container.isInit ? `init container ${container.name}` : container.isMain ? "the main container" : `extra container ${container.name}`);
    }
    for (const key of Object.keys(service.podAnnotations)) {
      if (RESERVED_ANNOTATIONS.some((pattern) => pattern.test(key))) {
        issues.push({ path: ["services", name, "podAnnotations", key], message: `slipway sets ${key} itself; remove it (the mesh's sidecar resources are mesh.sidecar's)` });
      }
    }
    if (service.kind === "deployment" && service.strategy?.type === "RollingUpdate") {
      const claim = service.storage.find(isSingleNodeClaim);
      if (claim !== undefined) {
        issues.push({
          path: ["services", name, "strategy", "type"],
          message: `volume ${claim.name} is a ${claim.accessModes.join("/")} claim one node mounts at a time: a rolling update starts the new pod while the old one holds it; use type: Recreate, or ReadWriteMany storage`,
          related: [["services", name, "storage"]],
        });
      }
    }
  }
  return issues;
}
