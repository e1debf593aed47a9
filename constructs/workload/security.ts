// Security contexts that satisfy the Pod Security Standard "restricted" profile on every pod.
import { k8s } from "cdk8s-plus-28";
import type { ServiceSpec } from "../../spec/index.js";

/**
 * @param persistentVolumes the pod mounts persistent volumes: their files are made the group's on
 * first mount only (OnRootMismatch), not walked on every start.
 */
export function podSecurityContext(runAs: ServiceSpec["runAs"], persistentVolumes = false): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group,
    fsGroup: runAs.group,
    ...(persistentVolumes ? { fsGroupChangePolicy: "OnRootMismatch" } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function containerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  };
}
