// Where the mesh proxy must be a native sidecar (jobs, so they finish; pods with init containers, so
// those have a network), the cluster must have native sidecars.
import { isMeshed } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isBatch } from "../schema/service.js";
import { needsNativeMeshSidecar } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

/** The first Kubernetes minor whose SidecarContainers feature (native sidecars) is on by default. */
export const NATIVE_SIDECAR_MINOR = 29;

export function nativeSidecarRules(environment: EnvironmentSpec): FieldIssue[] {
  if (!isMeshed(environment)) return [];
  const minor = Number(environment.cluster.kubernetesVersion.split(".")[1]);
  if (minor >= NATIVE_SIDECAR_MINOR) return [];
  const names = Object.keys(environment.services);
  const batch = names.filter((name) => isBatch(environment.services[name]!));
  const initializing = names.filter((name) => !isBatch(environment.services[name]!) && needsNativeMeshSidecar(environment.services[name]!));
  const why = [
    ...(batch.length > 0 ? [`the jobs here (${batch.join(", ")}) run it so that their pods can finish`] : []),
    ...(initializing.length > 0 ? [`the workloads with init containers (${initializing.join(", ")}) run it so that those have a network (the CNI redirects their traffic to a proxy that would not have started yet)`] : []),
  ];
  if (why.length === 0) return [];
  return [
    {
      path: ["cluster", "kubernetesVersion"],
      message: `${environment.cluster.kubernetesVersion} is too old: in a meshed environment istio-proxy runs as a native sidecar where ${why.join(", and ")}, which needs Kubernetes 1.${NATIVE_SIDECAR_MINOR} or later; set "1.${NATIVE_SIDECAR_MINOR}" or later (where the cluster runs it)`,
    },
  ];
}
