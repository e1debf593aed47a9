// Serving containers have readiness and liveness probes, and every probe targets a declared port.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isServing, type ProbeSpec } from "../schema/service.js";
import { podContainers, probeTarget } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

const EXAMPLE: Record<string, string> = {
  http: '{ http: { path: "/healthz" } }',
  grpc: "{ grpc: {} }",
  tcp: "{ tcp: {} }",
};

export function probeRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [serviceName, service] of Object.entries(environment.services)) {
    for (const { spec, path } of podContainers(serviceName, service)) {
      const probes: [string, ProbeSpec | undefined][] = [
        ["readiness", spec.probes.readiness],
        ["liveness", spec.probes.liveness],
        ["startup", spec.probes.startup],
      ];
      for (const [kind, probe] of probes) {
        const probePath = [...path, "probes", kind];
        if (probe === undefined) {
          // A job's ports (metrics) need no probes: nothing routes traffic to it.
          if (kind !== "startup" && spec.ports.length > 0 && isServing(service)) {
            const example = EXAMPLE[spec.ports[0]!.protocol];
            issues.push({ path: probePath, message: `required: this container serves ports, so it needs a ${kind} probe, e.g. ${kind}: ${example}` });
          }
          continue;
        }
        const action = probe.http ? "http" : probe.grpc ? "grpc" : "tcp";
        if (probe.exec === undefined && probeTarget(probe, spec) === undefined) {
          const declared = spec.ports.map((port) => `${port.name} (${port.containerPort}, ${port.protocol})`).join(", ") || "none";
          const explicit = (probe.http ?? probe.grpc ?? probe.tcp)?.port;
          issues.push({
            path: explicit === undefined ? [...probePath, action] : [...probePath, action, "port"],
            message:
              explicit === undefined
                ? `no ${action === "tcp" ? "" : `${action} `}port to probe: set ${action}.port to one of this container's ports (declared: ${declared})`
                : `${JSON.stringify(explicit)} is not a port of this container; declared: ${declared}`,
          });
        }
        if (kind !== "readiness" && probe.successThreshold !== 1) {
          issues.push({ path: [...probePath, "successThreshold"], message: `must be 1 for a ${kind} probe (Kubernetes rejects other values)` });
        }
      }
    }
  }
  return issues;
}
