// An exposed service has an http port to route to and a TLS certificate for its host.
import { ingressOf } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { serving } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function exposureRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hosts = new Map<string, string>();
  for (const [name, service] of Object.entries(environment.services)) {
    const expose = serving(service)?.expose;
    if (expose === undefined) continue;
    const at = (...path: PropertyKey[]) => ["services", name, "expose", ...path];
    const httpPorts = service.ports.filter((port) => port.protocol === "http" && !port.internal).map((port) => port.name);
    if (httpPorts.length === 0) {
      issues.push({
        path: at(),
        message: "exposing a service needs an http port on its main container that is not internal; declare one in ports (protocol: http)",
        related: [["services", name, "ports"]],
      });
    } else if (expose.port !== undefined && service.ports.some((port) => port.name === expose.port && port.internal)) {
      issues.push({ path: at("port"), message: `"${expose.port}" is internal: only the pod's own containers reach it; expose one of: ${httpPorts.join(", ")}` });
    } else if (expose.port !== undefined && !httpPorts.includes(expose.port)) {
      issues.push({ path: at("port"), message: `"${expose.port}" is not an http port of the main container; use one of: ${httpPorts.join(", ")}` });
    }
    if (expose.tlsSecret === undefined && ingressOf(environment).tls.issuer === undefined) {
      issues.push({
        path: at(),
        message: "an exposed host needs TLS: set ingress.tls.issuer in the environment (cert-manager issues the certificate) or expose.tlsSecret (an existing secret)",
      });
    }
    const route = `${expose.host}${expose.path}`;
    const owner = hosts.get(route);
    if (owner !== undefined) issues.push({ path: at("host"), message: `${route} is already exposed by ${owner}` });
    hosts.set(route, name);
  }
  return issues;
}
