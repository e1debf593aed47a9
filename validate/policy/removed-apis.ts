// API versions the API server no longer serves, from the Kubernetes deprecation guide
// (kubernetes.io/docs/reference/using-api/deprecation-guide), down to 1.16, plus the operators' own.

export interface RemovedApi {
  /** The apiVersion (and, for the Kubernetes APIs, the minor) to move to. */
  readonly replacement: string;
  /** `1.22` for a Kubernetes minor, or the project release that stopped serving it. */
  readonly removedIn: string;
}

type Removal = readonly [apiVersions: readonly string[], kinds: readonly string[], replacement: string, removedIn: string];

const REMOVALS: readonly Removal[] = [
  [["extensions/v1beta1", "apps/v1beta1", "apps/v1beta2"], ["Deployment", "ReplicaSet"], "apps/v1", "1.16"],
  [["extensions/v1beta1", "apps/v1beta2"], ["DaemonSet"], "apps/v1", "1.16"],
  [["apps/v1beta1", "apps/v1beta2"], ["StatefulSet"], "apps/v1", "1.16"],
  [["extensions/v1beta1"], ["NetworkPolicy"], "networking.k8s.io/v1", "1.16"],
  [["extensions/v1beta1"], ["PodSecurityPolicy"], "Pod Security Admission (namespace labels)", "1.16"],
  [["extensions/v1beta1", "networking.k8s.io/v1beta1"], ["Ingress"], "networking.k8s.io/v1", "1.22"],
  [["networking.k8s.io/v1beta1"], ["IngressClass"], "networking.k8s.io/v1", "1.22"],
  [["admissionregistration.k8s.io/v1beta1"], ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], "admissionregistration.k8s.io/v1", "1.22"],
  [["apiextensions.k8s.io/v1beta1"], ["CustomResourceDefinition"], "apiextensions.k8s.io/v1", "1.22"],
  [["apiregistration.k8s.io/v1beta1"], ["APIService"], "apiregistration.k8s.io/v1", "1.22"],
  [["authentication.k8s.io/v1beta1"], ["TokenReview"], "authentication.k8s.io/v1", "1.22"],
  [["authorization.k8s.io/v1beta1"], ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"], "authorization.k8s.io/v1", "1.22"],
  [["certificates.k8s.io/v1beta1"], ["CertificateSigningRequest"], "certificates.k8s.io/v1", "1.22"],
  [["coordination.k8s.io/v1beta1"], ["Lease"], "coordination.k8s.io/v1", "1.22"],
  [["rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1"], ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], "rbac.authorization.k8s.io/v1", "1.22"],
  [["scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1alpha1"], ["PriorityClass"], "scheduling.k8s.io/v1", "1.22"],
  [["storage.k8s.io/v1beta1"], ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], "storage.k8s.io/v1", "1.22"],
  [["batch/v1beta1"], ["CronJob"], "batch/v1", "1.25"],
  [["discovery.k8s.io/v1beta1"], ["EndpointSlice"], "discovery.k8s.io/v1", "1.25"],
  [["events.k8s.io/v1beta1"], ["Event"], "events.k8s.io/v1", "1.25"],
  [["autoscaling/v2beta1"], ["HorizontalPodAutoscaler"], "autoscaling/v2", "1.25"],
  [["policy/v1beta1"], ["PodDisruptionBudget"], "policy/v1", "1.25"],
  [["policy/v1beta1"], ["PodSecurityPolicy"], "Pod Security Admission (namespace labels)", "1.25"],
  [["node.k8s.io/v1beta1"], ["RuntimeClass"], "node.k8s.io/v1", "1.25"],
  [["autoscaling/v2beta2"], ["HorizontalPodAutoscaler"], "autoscaling/v2", "1.26"],
  [["flowcontrol.apiserver.k8s.io/v1beta1"], ["FlowSchema", "PriorityLevelConfiguration"], "flowcontrol.apiserver.k8s.io/v1", "1.26"],
  [["storage.k8s.io/v1beta1"], ["CSIStorageCapacity"], "storage.k8s.io/v1", "1.27"],
  [["flowcontrol.apiserver.k8s.io/v1beta2"], ["FlowSchema", "PriorityLevelConfiguration"], "flowcontrol.apiserver.k8s.io/v1", "1.29"],
  [["flowcontrol.apiserver.k8s.io/v1beta3"], ["FlowSchema", "PriorityLevelConfiguration"], "flowcontrol.apiserver.k8s.io/v1", "1.32"],
  [["external-secrets.io/v1beta1"], ["ExternalSecret", "SecretStore", "ClusterSecretStore"], "external-secrets.io/v1", "External Secrets 0.17"],
];

const BY_API_VERSION_AND_KIND: ReadonlyMap<string, RemovedApi> = new Map(
  REMOVALS.flatMap(([apiVersions, kinds, replacement, removedIn]) =>
    apiVersions.flatMap((apiVersion) => kinds.map((kind) => [`${apiVersion}/${kind}`, { replacement, removedIn }] as const)),
  ),
);

/** The removal of `apiVersion` `kind`, if the API server (or its operator) no longer serves it. */
export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return BY_API_VERSION_AND_KIND.get(`${apiVersion}/${kind}`);
}
