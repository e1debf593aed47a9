// Ports are unique within a pod, and each metrics port names one of them that is not internal.
import { formatPath } from "../issues.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { metricsOf, podContainers } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function portRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [serviceName, service] of Object.entries(environment.services)) {
    const seen = { name: new Map<string, string>(), port: new Map<number, string>(), containerPort: new Map<number, string>() };
    for (const { spec, path } of podContainers(serviceName, service)) {
      spec.ports.forEach((port, index) => {
        const portPath = [...path, "ports", index];
        const where = formatPath(portPath);
        const checks = [
          ["name", port.name, `port name "${port.name}"`, "port names are unique within a pod"],
          ["port", port.port, `Service port ${port.port}`, "a Service exposes each port once"],
          ["containerPort", port.containerPort, `container port ${port.containerPort}`, "containers of a pod share one network namespace"],
        ] as const;
        for (const [field, value, label, why] of checks) {
          // An internal port is in no Service: its `port` is only where it listens.
          if (field === "port" && port.internal) continue;
          const table = seen[field] as Map<string | number, string>;
          const first = table.get(value);
          if (first !== undefined) {
            issues.push({ path: [...portPath, field], message: `duplicate ${label}, already declared at ${first}; ${why}` });
          } else {
            table.set(value, where);
          }
        }
      });
    }
    const ports = podContainers(serviceName, service).flatMap(({ spec }) => spec.ports);
    const names = ports.map((port) => port.name);
    const metricsList = metricsOf(service);
    metricsList.forEach((metrics, index) => {
      const at = ["services", serviceName, "metrics", ...(Array.isArray(service.metrics) ? [index] : []), "port"];
      const port = ports.find((candidate) => candidate.name === metrics.port);
      if (port === undefined) {
        issues.push({ path: at, message: `no port named "${metrics.port}" in this pod; declared: ${names.join(", ") || "none"}` });
      } else if (port.internal) {
        issues.push({ path: at, message: `port "${metrics.port}" is internal: Prometheus scrapes from outside the pod, so a metrics port cannot be internal` });
      } else if (metricsList.findIndex((other) => other.port === metrics.port) !== index) {
        issues.push({ path: at, message: `port "${metrics.port}" is scraped twice; list each metrics port once` });
      }
    });
  }
  return issues;
}
