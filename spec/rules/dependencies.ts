// Every dependency names another service (of the catalog, or a cluster service of the environment)
// and ports that service serves.
import { edgePorts } from "../graph.js";
import { closestMatch } from "../issues.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isBatch } from "../schema/service.js";
import { podContainers, servedPorts } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function dependencyRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const names = Object.keys(environment.services);
  for (const [serviceName, service] of Object.entries(environment.services)) {
    const seen = new Set<string>();
    service.dependsOn.forEach((dependency, index) => {
      const path = ["services", serviceName, "dependsOn", index];
      const callee = environment.services[dependency.service];
      if (dependency.service === serviceName) {
        issues.push({ path, message: "a service cannot depend on itself" });
        return;
      }
      if (callee === undefined && Object.hasOwn(environment.databases, dependency.service)) {
        if (seen.has(dependency.service)) issues.push({ path, message: `"${dependency.service}" is listed twice; list each dependency once` });
        seen.add(dependency.service);
        dependency.ports?.forEach((port, portIndex) => {
          if (port !== "postgres") issues.push({ path: [...path, "ports", portIndex], message: `database "${dependency.service}" serves one port, "postgres"; name it or leave ports out` });
        });
        return;
      }
      if (callee === undefined) {
        const clusterService = Object.hasOwn(environment.clusterServices, dependency.service) ? environment.clusterServices[dependency.service] : undefined;
        if (clusterService !== undefined) {
          if (seen.has(dependency.service)) issues.push({ path, message: `"${dependency.service}" is listed twice; list each dependency once` });
          seen.add(dependency.service);
          const declared = clusterService.ports.map((port) => port.name);
          dependency.ports?.forEach((port, portIndex) => {
            if (!declared.includes(port)) issues.push({ path: [...path, "ports", portIndex], message: `cluster service "${dependency.service}" declares no port "${port}"; its ports: ${declared.join(", ")}` });
          });
          return;
        }
        const known = [...names, ...Object.keys(environment.databases), ...Object.keys(environment.clusterServices)];
        const suggestion = closestMatch(dependency.service, known);
        issues.push({
          path,
          message: `unknown service "${dependency.service}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (services: ${names.join(", ")}${Object.keys(environment.clusterServices).length > 0 ? `; cluster services: ${Object.keys(environment.clusterServices).join(", ")}` : ""}); a service in the cluster that slipway does not render is declared under the environment's clusterServices`,
        });
        return;
      }
      if (isBatch(callee)) {
        issues.push({ path, message: `"${dependency.service}" is a ${callee.kind}: it runs to completion and serves no one, so nothing can call it` });
        return;
      }
      if (seen.has(dependency.service)) issues.push({ path, message: `"${dependency.service}" is listed twice; list each dependency once` });
      seen.add(dependency.service);
      const calleePorts = servedPorts(dependency.service, callee).map((port) => port.name);
      const internalPorts = podContainers(dependency.service, callee).flatMap(({ spec }) => spec.ports.filter((port) => port.internal).map((port) => port.name));
      if (calleePorts.length === 0) {
        issues.push({ path, message: `"${dependency.service}" serves no ports, so there is nothing to call` });
      } else if (dependency.ports === undefined && edgePorts(dependency, dependency.service, callee).length === 0) {
        issues.push({
          path,
          message: `"${dependency.service}" serves nothing but its metrics, internal and extra containers' ports; name the ports to call: { service: "${dependency.service}", ports: [${calleePorts.map((port) => `"${port}"`).join(", ")}] }`,
        });
      }
      dependency.ports?.forEach((port, portIndex) => {
        if (internalPorts.includes(port)) {
          issues.push({ path: [...path, "ports", portIndex], message: `"${port}" is an internal port of "${dependency.service}": only its own pod reaches it; call one of: ${calleePorts.join(", ") || "none"}` });
        } else if (!calleePorts.includes(port)) {
          issues.push({
            path: [...path, "ports", portIndex],
            message: `"${dependency.service}" has no port named "${port}"; its ports: ${calleePorts.join(", ") || "none"}`,
          });
        }
      });
    });
  }
  for (const name of Object.keys(environment.databases)) {
    if (Object.hasOwn(environment.services, name)) issues.push({ path: ["databases", name], message: `"${name}" is also a service of the catalog; dependsOn names both alike: rename the database` });
  }
  for (const name of Object.keys(environment.clusterServices)) {
    if (Object.hasOwn(environment.services, name) || Object.hasOwn(environment.databases, name)) {
      issues.push({ path: ["clusterServices", name], message: `"${name}" is also a service or database of the catalog; a dependency could not tell them apart: rename the cluster service's key (its Kubernetes Service name goes in \`service\`)` });
    }
  }
  return issues;
}
