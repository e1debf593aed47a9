// Declared outside hosts are outside the cluster and agree: one protocol per host and port within
// a namespace (they share a ServiceEntry), and no host listed twice by a service.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { namespaceKeyOf } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

/** Whether a host is a cluster Service's name: <service>.<namespace>.svc[.<domain>]. */
function isClusterLocal(host: string, domain: string): boolean {
  return host.endsWith(".svc") || host.endsWith(`.svc.${domain}`) || host.endsWith(".cluster.local");
}

export function externalRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const protocols = new Map<string, { protocol: string; declaredBy: string }>();
  for (const [name, service] of Object.entries(environment.services)) {
    const seen = new Set<string>();
    service.external.forEach((external, index) => {
      const path = ["services", name, "external", index];
      if (isClusterLocal(external.host, environment.cluster.domain)) {
        issues.push({
          path: [...path, "host"],
          message: `${external.host} is a host inside the cluster: as an external host it would open egress to any address on port ${external.port} and register it as outside the mesh; declare it under the environment's clusterServices (namespace, pod labels, ports) and name it in dependsOn`,
        });
      }
      const endpoint = `${external.host}:${external.port}`;
      if (seen.has(endpoint)) issues.push({ path, message: `${endpoint} is listed twice` });
      seen.add(endpoint);
      const key = `${namespaceKeyOf(service, environment)}/${endpoint}`;
      const previous = protocols.get(key);
      if (previous !== undefined && previous.protocol !== external.protocol) {
        issues.push({
          path: [...path, "protocol"],
          message: `${endpoint} is declared as ${previous.protocol} by ${previous.declaredBy} in the same namespace; one host and port has one protocol`,
        });
      }
      protocols.set(key, previous ?? { protocol: external.protocol, declaredBy: name });
    });
  }
  return issues;
}
