// An exposed service has an http port to route to (its main container's, or one it names) and a TLS
// certificate for its host.
import { ingressOf } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { podContainers, servedPorts, serving } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function exposureRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const hosts = new Map<string, string>();
  for (const [name, service] of Object.entries(environment.services)) {
    const expose = serving(service)?.expose;
    if (expose === undefined) continue;
    const at = (...path: PropertyKey[]) => ["services", name, "expose", ...path];
    const mainHttpPorts = service.ports.filter((port) => port.protocol === "http" && !port.internal).map((port) => port.name);
    // A named port may be any container's (a big pod's front is often its nginx); the default is the main container's.
    const podHttpPorts = servedPorts(name, service).filter((port) => port.protocol === "http").map((port) => port.name);
    const allPorts = podContainers(name, service).flatMap(({ spec }) => spec.ports);
    if (expose.port === undefined && mainHttpPorts.length === 0) {
      issues.push({
        path: at(),
        message: `exposing a service needs an http port: declare one on its main container (protocol: http), or name another container's in expose.port${podHttpPorts.length > 0 ? ` (one of: ${podHttpPorts.join(", ")})` : ""}`,
        related: [["services", name, "ports"]],
      });
    } else if (expose.port !== undefined && allPorts.some((port) => port.name === expose.port && port.internal)) {
      issues.push({ path: at("port"), message: `"${expose.port}" is internal: only the pod's own containers reach it; expose one of: ${podHttpPorts.join(", ") || "none"}` });
    } else if (expose.port !== undefined && !podHttpPorts.includes(expose.port)) {
      issues.push({ path: at("port"), message: `"${expose.port}" is not an http port of this pod; use one of: ${podHttpPorts.join(", ") || "none"}` });
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
