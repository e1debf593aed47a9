// Monitors select something to scrape, and Prometheus selects the monitors and rules.
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, matchesLabels } from "./object-index.js";

/** The namespaces a monitor watches: its own unless it names others, or every one (`any: true`) of those its targets are in. */
function namespacesOf(monitor: Json, own: string, targetNamespaces: () => string[]): string[] {
  if (monitor.namespaceSelector?.any === true) return [...new Set(targetNamespaces())];
  return monitor.namespaceSelector?.matchNames ?? [own];
}

/** The operator reads a missing selector as the empty one, which selects everything. */
const selectorOf = (monitor: Json): Json => monitor.selector ?? {};

export const monitoringRules: readonly CrossObjectRule[] = [
  {
    id: "xo/service-monitor-selects",
    severity: "error",
    fix: "make the ServiceMonitor selector match a Service's labels in the namespaces it watches",
    check: (index) =>
      index.ofKind("ServiceMonitor").flatMap((monitor) => {
        const spec = monitor.spec as Json;
        const namespaces = namespacesOf(spec, monitor.metadata.namespace ?? "default", () => index.ofKind("Service").map((service) => service.metadata.namespace ?? "default"));
        const selected = namespaces.some((namespace) => index.labeled("Service", namespace, selectorOf(spec)).length > 0);
        return selected ? [] : [{ object: monitor, path: "spec.selector", message: `ServiceMonitor ${monitor.metadata.name} selects no Service in ${namespaces.join(", ")}`, unresolved: true }];
      }),
  },
  {
    id: "xo/pod-monitor-selects",
    severity: "error",
    fix: "make the PodMonitor selector match a workload's pod labels in the namespaces it watches",
    check: (index) =>
      index.ofKind("PodMonitor").flatMap((monitor) => {
        const spec = monitor.spec as Json;
        const namespaces = namespacesOf(spec, monitor.metadata.namespace ?? "default", () => index.workloads.map((workload) => workload.namespace));
        const selected = namespaces.some((namespace) => index.selected(namespace, selectorOf(spec)).length > 0);
        return selected ? [] : [{ object: monitor, path: "spec.selector", message: `PodMonitor ${monitor.metadata.name} selects no pod in ${namespaces.join(", ")}`, unresolved: true }];
      }),
  },
  {
    id: "xo/prometheus-selector",
    severity: "error",
    fix: "label the object with the environment's prometheus.selector (kube-prometheus-stack: release: <name>)",
    check: (index, context) => {
      const selector = context.prometheusSelector;
      if (selector === undefined || Object.keys(selector).length === 0) return [];
      return index.objects
        .filter((object) => ["ServiceMonitor", "PodMonitor", "PrometheusRule"].includes(object.kind))
        .filter((object) => !matchesLabels(selector, (object.metadata.labels ?? {}) as Record<string, string>))
        .map((object) => ({ object, path: "metadata.labels", message: `Prometheus selects ${Object.entries(selector).map(([key, value]) => `${key}=${value}`).join(",")}; ${object.kind} ${object.metadata.name} does not carry it` }));
    },
  },
];
