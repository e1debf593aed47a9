// Ports are unique within a pod, and the metrics port names one of them.
import { formatPath } from "../issues.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { podContainers } from "../workload.js";
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
    if (service.metrics && !names.includes(service.metrics.port)) {
      issues.push({
        path: ["services", serviceName, "metrics", "port"],
        message: `no port named "${service.metrics.port}" in this pod; declared: ${names.join(", ") || "none"}`,
      });
    }
  }
  return issues;
}
