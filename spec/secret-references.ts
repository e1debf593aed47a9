// Where each secret reference of a workload is read from: the workload's own Secret, which External
// Secrets fills from the store, or a Secret that already exists in the namespace.
import type { ServiceSpec } from "./schema/service.js";
import { podContainers } from "./workload.js";

export type SecretReference = ServiceSpec["secrets"][number];

/** Whether the value comes from the secret store (through the workload's ExternalSecret). */
export function isStoreReference(reference: SecretReference): boolean {
  return reference.existingSecret === undefined;
}

/** Every secret reference of the workload's containers. */
export function secretReferences(name: string, service: ServiceSpec): SecretReference[] {
  return podContainers(name, service).flatMap(({ spec }) => spec.secrets);
}

/** Whether the workload reads any value from the secret store (and so has an ExternalSecret and needs a store). */
export function readsSecretStore(name: string, service: ServiceSpec): boolean {
  return secretReferences(name, service).some(isStoreReference);
}

/** Names of the existing Secrets the workload reads, sorted. */
export function existingSecretNames(name: string, service: ServiceSpec): string[] {
  return [...new Set(secretReferences(name, service).flatMap((reference) => (reference.existingSecret === undefined ? [] : [reference.existingSecret])))].sort();
}
