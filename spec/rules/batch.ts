// Jobs and cron jobs: under Istio they must be able to finish, which takes native sidecars.
import { isMeshed } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isBatch } from "../schema/service.js";
import type { FieldIssue } from "../zod-issues.js";

/** The first Kubernetes minor whose SidecarContainers feature (native sidecars) is on by default. */
export const NATIVE_SIDECAR_MINOR = 29;

export function batchRules(environment: EnvironmentSpec): FieldIssue[] {
  if (!isMeshed(environment)) return [];
  const minor = Number(environment.cluster.kubernetesVersion.split(".")[1]);
  if (minor >= NATIVE_SIDECAR_MINOR) return [];
  const batch = Object.keys(environment.services).filter((name) => isBatch(environment.services[name]!));
  if (batch.length === 0) return [];
  return [
    {
      path: ["cluster", "kubernetesVersion"],
      message: `${environment.cluster.kubernetesVersion} is too old for the jobs here (${batch.join(", ")}): in a meshed environment a job runs its istio-proxy as a native sidecar so that its pods can finish, which needs Kubernetes 1.${NATIVE_SIDECAR_MINOR} or later; set "1.${NATIVE_SIDECAR_MINOR}" or later (where the cluster runs it)`,
    },
  ];
}
