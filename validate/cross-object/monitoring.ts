// Monitors select something to scrape, and Prometheus selects the monitors and rules.
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, matchesLabels } from "./object-index.js";

const namespacesOf = (monitor: Json, own: string): string[] => monitor.namespaceSelector?.matchNames ?? [own];

export const monitoringRules: readonly CrossObjectRule[] = [
  {
    id: "xo/service-monitor-selects",
    severity: "error",
    fix: "make the ServiceMonitor selector match a Service's labels in the namespaces it watches",
    check: (index) =>
      index.ofKind("ServiceMonitor").flatMap((monitor) => {
        const spec = monitor.spec as Json;
        const namespaces = namespacesOf(spec, monitor.metadata.namespace ?? "default");
        const selected = namespaces.some((namespace) => index.labeled("Service", namespace, spec.selector).length > 0);
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
        const namespaces = namespacesOf(spec, monitor.metadata.namespace ?? "default");
        const selected = namespaces.some((namespace) => index.selected(namespace, spec.selector).length > 0);
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
