// Environment settings whose defaults depend on other settings.
import { IngressSchema, type IngressSpec } from "./schema/environment.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import type { ServiceSpec } from "./schema/service.js";

export function isMeshed(environment: EnvironmentSpec): boolean {
  return environment.mesh.injection;
}

/** The declared ingress, else the Istio gateway in a meshed environment and an Ingress controller otherwise. */
export function ingressOf(environment: EnvironmentSpec): IngressSpec {
  return environment.ingress ?? IngressSchema.parse({ controller: isMeshed(environment) ? "istio" : "ingress" });
}

export function isProduction(environment: EnvironmentSpec): boolean {
  return environment.production ?? ["production", "prod"].includes(environment.name);
}

export function mtlsModeOf(environment: EnvironmentSpec, namespaceKey: string): "STRICT" | "PERMISSIVE" {
  return environment.namespaces[namespaceKey]?.mtls ?? environment.mesh.mtls;
}

/** In-cluster host name of a service: <name>.<namespace>.svc.<domain>. */
export function serviceHost(name: string, namespace: string, environment: EnvironmentSpec): string {
  return `${name}.${namespace}.svc.${environment.cluster.domain}`;
}

/** Key of the secret store a service reads from, or undefined when none can be chosen. */
export function secretStoreOf(service: ServiceSpec, environment: EnvironmentSpec): string | undefined {
  const stores = Object.keys(environment.secretStores);
  return service.secretStore ?? environment.defaultSecretStore ?? (stores.length === 1 ? stores[0] : undefined);
}

/** ServiceAccount a secret store authenticates as, in each namespace that uses it. */
export function secretStoreServiceAccount(environment: EnvironmentSpec, store: string): string {
  return environment.secretStores[store]?.serviceAccount ?? `${store}-secret-store`;
}
