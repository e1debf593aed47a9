// Facts about a database that the rules, the graph and the constructs share.
import type { EnvironmentSpec } from "./schema/environment-spec.js";

export const POSTGRES_PORT = 5432;
/** The instance manager's status port, which the operator calls. */
export const INSTANCE_STATUS_PORT = 8000;
/** The instance manager's metrics port. */
export const INSTANCE_METRICS_PORT = 9187;

/** Labels CloudNativePG puts on a cluster's instance pods. */
export function databasePodLabels(name: string): Record<string, string> {
  return { "cnpg.io/cluster": name, "cnpg.io/podRole": "instance" };
}

/** PgBouncer's port on a Pooler's pods, and its metrics port. */
export const POOLER_METRICS_PORT = 9127;

/** Name of a database's Pooler (in front of its primary). */
export function poolerName(name: string): string {
  return `${name}-pooler-rw`;
}

/** Labels CloudNativePG puts on a Pooler's pods. */
export function poolerPodLabels(name: string): Record<string, string> {
  return { "cnpg.io/poolerName": poolerName(name) };
}

/** Key (in `namespaces`) of the namespace a database runs in, or undefined when ambiguous. */
export function databaseNamespaceKey(name: string, environment: EnvironmentSpec): string | undefined {
  const declared = environment.databases[name]?.namespace;
  if (declared !== undefined) return declared;
  const keys = Object.keys(environment.namespaces);
  return keys.length === 1 ? keys[0] : undefined;
}

export function databaseNamespace(name: string, environment: EnvironmentSpec): string {
  const key = databaseNamespaceKey(name, environment);
  const namespace = key === undefined ? undefined : environment.namespaces[key];
  if (namespace === undefined) throw new Error(`database ${name} has no resolvable namespace (key ${String(key)})`);
  return namespace.name;
}

/** The services that call a database, by name. */
export function databaseCallers(name: string, environment: EnvironmentSpec): string[] {
  return Object.keys(environment.services)
    .filter((service) => environment.services[service]!.dependsOn.some((dependency) => dependency.service === name))
    .sort();
}
