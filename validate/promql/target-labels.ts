// The labels a series carries, by where it comes from: what xo/promql-labels checks a matcher
// against, and what a rule's reading keeps for it (only selectors it could flag).
//
// A ServiceMonitor's series carry the target labels prometheus-operator gives them (namespace,
// service, job, endpoint, pod, container, instance) and the labels the service exports; Istio's
// metrics a known set. Other exporters' series and recorded series are not checked.

/** Target labels whose values the monitors rendered here decide. */
export const MONITOR_TARGET_LABELS = ["namespace", "service", "job", "endpoint"];

/** Target labels of other scrape setups (annotation-based jobs, old cAdvisor names, Kubernetes labels) that prometheus-operator's monitors never add. */
export const FOREIGN_TARGET_LABELS = ["app", "deployment", "kubernetes_namespace", "kubernetes_pod_name", "kubernetes_name", "pod_name", "container_name"];

/** Labels of Istio's standard metrics, with the target labels of a scrape. */
export const ISTIO_LABELS: ReadonlySet<string> = new Set([
  "reporter", "source_workload", "source_workload_namespace", "source_principal", "source_app", "source_version", "source_cluster", "source_canonical_service", "source_canonical_revision",
  "destination_workload", "destination_workload_namespace", "destination_principal", "destination_app", "destination_version", "destination_service", "destination_service_name",
  "destination_service_namespace", "destination_cluster", "destination_canonical_service", "destination_canonical_revision", "destination_port", "request_protocol", "response_code",
  "grpc_response_status", "response_flags", "connection_security_policy", "le", "namespace", "pod", "container", "instance", "job", "endpoint", "service", "__name__",
]);

/** Metric name prefixes of exporters other than the services' own and Istio's. */
const OTHER_EXPORTERS = /^(kube_|container_|node_|kubelet_|apiserver_|envoy_|prometheus_|alertmanager_|velero_|cnpg_|argocd_|certmanager_|keda_|ALERTS)/;

/** Whether a selector's metric is one whose labels are checked: a service's own series or Istio's, not a recorded one. */
export function labelsChecked(metric: string | undefined): metric is string {
  return metric !== undefined && !metric.includes(":") && !OTHER_EXPORTERS.test(metric);
}

/** Whether xo/promql-labels could flag a selector of this metric matching on these labels. */
export function mayMissLabels(metric: string | undefined, labels: readonly string[]): boolean {
  if (!labelsChecked(metric)) return false;
  if (metric.startsWith("istio_")) return labels.some((label) => !ISTIO_LABELS.has(label));
  return labels.some((label) => MONITOR_TARGET_LABELS.includes(label) || FOREIGN_TARGET_LABELS.includes(label));
}
