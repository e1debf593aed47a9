// An exposed service has an http port to route to (its main container's, or one it names), a TLS
// certificate for its host (one per host, when several services share it), and a route (host and
// path prefix) of its own.
import { ingressOf } from "../environment-settings.js";
import { routePrefix } from "../shared-hosts.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { podContainers, servedPorts, serving } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function exposureRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // Route (host and prefix) → the service exposed on it; host → the TLS secret a service named for it.
  const hosts = new Map<string, string>();
  const certificates = new Map<string, { service: string; tlsSecret: string }>();
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
    const route = `${expose.host}${routePrefix(expose.path)}`;
    const owner = hosts.get(route);
    if (owner !== undefined) {
      issues.push({ path: at("path"), message: `${expose.host}${expose.path} is the route services.${owner} is exposed on (${route}): a prefix routes to one service; give ${name} another path or host`, related: [["services", owner, "expose"]] });
    }
    hosts.set(route, name);
    const secretOwner = certificates.get(expose.host);
    if (expose.tlsSecret !== undefined && secretOwner !== undefined && secretOwner.tlsSecret !== expose.tlsSecret) {
      issues.push({
        path: at("tlsSecret"),
        message: `${expose.host} is served with one certificate, and services.${secretOwner.service} names ${secretOwner.tlsSecret} for it: name the same expose.tlsSecret on every service of the host, or leave it to the others`,
        related: [["services", secretOwner.service, "expose", "tlsSecret"]],
      });
    }
    if (expose.tlsSecret !== undefined && secretOwner === undefined) certificates.set(expose.host, { service: name, tlsSecret: expose.tlsSecret });
  }
  return issues;
}
