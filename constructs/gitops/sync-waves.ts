// Argo CD sync waves: the order in which Argo CD applies an environment's objects, waiting for each
// wave to be healthy before the next. Kinds not listed are in wave 0 and carry no annotation.

export const SYNC_WAVE_ANNOTATION = "argocd.argoproj.io/sync-wave";

/**
 * Wave per kind. Namespaces first; then what the namespace's pods need before they start (quota,
 * service accounts and their RBAC, from extra manifests); then the zero-trust policies and the
 * secret store, so no pod ever runs unprotected or without its credentials' source; then the
 * ExternalSecrets, so each Secret exists before a Deployment mounts it (and each claim before the
 * pods that mount it); workloads in wave 0; autoscalers, monitoring and scheduled database backups
 * last, once their targets exist (an HPA without its Deployment reports FailedGetScale).
 */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  Namespace: -4,
  ResourceQuota: -3,
  LimitRange: -3,
  ServiceAccount: -3,
  Role: -3,
  RoleBinding: -3,
  ClusterRole: -3,
  ClusterRoleBinding: -3,
  NetworkPolicy: -2,
  PeerAuthentication: -2,
  AuthorizationPolicy: -2,
  Sidecar: -2,
  ServiceEntry: -2,
  DestinationRule: -2,
  SecretStore: -2,
  ExternalSecret: -1,
  PersistentVolumeClaim: -1,
  HorizontalPodAutoscaler: 1,
  ScaledObject: 1,
  VerticalPodAutoscaler: 1,
  ServiceMonitor: 1,
  PodMonitor: 1,
  PrometheusRule: 1,
  ScheduledBackup: 1,
};

/** The root Application syncs argocd/: the projects exist before the Applications that name them. */
export const PROJECT_SYNC_WAVE = { [SYNC_WAVE_ANNOTATION]: "-1" } as const;

export function syncWaveOf(kind: string): number {
  return SYNC_WAVES[kind] ?? 0;
}
