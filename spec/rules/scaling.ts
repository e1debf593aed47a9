// Replica counts, autoscaling, VPA bounds and disruption budgets agree with each other.
import { parseQuantity } from "../quantity.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { ServingSpec } from "../schema/service.js";
import { podContainers, replicaBounds, serving } from "../workload.js";

/** The first Kubernetes minor whose HPAContainerMetrics (ContainerResource metrics) is on by default. */
const CONTAINER_RESOURCE_MINOR = 27;
import type { FieldIssue } from "../zod-issues.js";

export function scalingRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, workload] of Object.entries(environment.services)) {
    const service = serving(workload);
    if (service === undefined) continue;
    const at = (...path: PropertyKey[]) => ["services", name, ...path];
    const { autoscaling, vpa, pdb } = service;
    if (autoscaling) {
      if (service.replicas !== undefined) {
        issues.push({
          path: at("replicas"),
          message: "replicas is set while autoscaling is on: the HPA owns the replica count; remove replicas (or autoscaling)",
          related: [at("autoscaling")],
        });
      }
      if (autoscaling.min > autoscaling.max) {
        issues.push({
          path: at("autoscaling", "max"),
          message: `autoscaling.max (${autoscaling.max}) is below autoscaling.min (${autoscaling.min}); set max to at least ${autoscaling.min} or lower min`,
          related: [at("autoscaling", "min")],
        });
      }
      if (autoscaling.cpu === undefined && autoscaling.memory === undefined && autoscaling.pods.length === 0 && autoscaling.metrics.length === 0) {
        issues.push({ path: at("autoscaling"), message: "autoscaling needs at least one metric: cpu, memory, metrics (PromQL, through KEDA) or pods" });
      }
      issues.push(...customMetricIssues(autoscaling, environment).map(({ path, message }) => ({ path: at("autoscaling", ...path), message })));
      if (autoscaling.container !== undefined) {
        const containers = podContainers(name, service).filter((container) => !container.isInit || container.isSidecar).map((container) => container.name);
        const minor = Number(environment.cluster.kubernetesVersion.split(".")[1]);
        if (!containers.includes(autoscaling.container)) {
          issues.push({ path: at("autoscaling", "container"), message: `"${autoscaling.container}" is not a container of this pod; its containers: ${containers.join(", ")}` });
        } else if (autoscaling.cpu === undefined && autoscaling.memory === undefined) {
          issues.push({ path: at("autoscaling", "container"), message: "container scopes the cpu and memory targets, and none is set: set autoscaling.cpu or autoscaling.memory, or remove container" });
        } else if (minor < CONTAINER_RESOURCE_MINOR) {
          issues.push({
            path: at("autoscaling", "container"),
            message: `ContainerResource metrics need Kubernetes 1.${CONTAINER_RESOURCE_MINOR} or later, and cluster.kubernetesVersion is ${environment.cluster.kubernetesVersion}; set it to "1.${CONTAINER_RESOURCE_MINOR}" or later (where the cluster runs it), or remove container`,
            related: [["cluster", "kubernetesVersion"]],
          });
        }
      }
    }
    for (const resource of ["cpu", "memory"] as const) {
      const low = vpa?.minAllowed?.[resource];
      const high = vpa?.maxAllowed?.[resource];
      if (low !== undefined && high !== undefined && parseQuantity(low) > parseQuantity(high)) {
        issues.push({
          path: at("vpa", "maxAllowed", resource),
          message: `vpa.maxAllowed.${resource} (${high}) is below vpa.minAllowed.${resource} (${low})`,
          related: [at("vpa", "minAllowed", resource)],
        });
      }
    }
    const bounds = replicaBounds(service);
    if (pdb.enabled && bounds.max > 1) {
      const replicaField = autoscaling ? "autoscaling.min" : "replicas";
      if (blocksEveryDrain(pdb.minAvailable, bounds.min)) {
        issues.push({
          path: at("pdb", "minAvailable"),
          message: `minAvailable (${String(pdb.minAvailable)}) leaves no pod evictable at ${replicaField} = ${bounds.min}, so it blocks every node drain; use maxUnavailable: 1 or a lower minAvailable`,
          related: [at(...replicaField.split("."))],
        });
      }
      if (pdb.maxUnavailable === 0 || pdb.maxUnavailable === "0%") {
        issues.push({ path: at("pdb", "maxUnavailable"), message: "maxUnavailable 0 blocks every node drain; use 1 or more" });
      }
    }
  }
  return issues;
}

/**
 * A Pods metric reaches the HPA only through the custom metrics API: without an adapter serving it,
 * the HPA never reads the metric and stays at its minimum. KEDA's ScaledObject cannot carry one.
 */
function customMetricIssues(autoscaling: NonNullable<ServingSpec["autoscaling"]>, environment: EnvironmentSpec): FieldIssue[] {
  // KEDA's admission webhook refuses two triggers of one name.
  const twice = autoscaling.metrics.flatMap(({ name }, index) => (autoscaling.metrics.findIndex((other) => other.name === name) < index ? [{ path: ["metrics", index, "name"], message: `metric "${name}" is declared twice: each trigger needs its own name` }] : []));
  if (autoscaling.pods.length === 0) return twice;
  if (autoscaling.metrics.length > 0) {
    return [{ path: ["pods"], message: "pods and metrics cannot be combined: metrics renders a KEDA ScaledObject, which takes no Pods metrics; express each as a PromQL query in metrics" }];
  }
  if (environment.cluster.customMetricsApi) return [];
  return autoscaling.pods.map((pod, index) => ({
    path: ["pods", index, "metric"],
    message: `the HPA reads ${pod.metric} from the custom metrics API (custom.metrics.k8s.io), which environment "${environment.name}" does not declare: without an adapter it never gets the metric and stays at its minimum. Scale on a PromQL query through KEDA (autoscaling.metrics: [{ name, query, threshold }]), or set cluster.customMetricsApi: true where prometheus-adapter serves it`,
  }));
}

function blocksEveryDrain(minAvailable: number | string | undefined, minReplicas: number): boolean {
  if (minAvailable === undefined) return false;
  if (typeof minAvailable === "number") return minAvailable >= minReplicas;
  return Math.ceil((minReplicas * Number.parseInt(minAvailable, 10)) / 100) >= minReplicas;
}
