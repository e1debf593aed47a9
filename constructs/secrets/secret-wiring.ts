// How a pod consumes its secrets — the Secret its ExternalSecret creates, or an existing Secret:
// env vars by secretKeyRef, read-only volumes of selected keys, and a checksum of the references
// (never the values) that rolls the pods when the mapping changes.
import { createHash } from "node:crypto";
import type { k8s } from "cdk8s-plus-28";
import type { ServiceSpec } from "../../spec/index.js";
import { type SecretReference, secretReferences } from "../../spec/secret-references.js";
import { type PodContainer, podContainers, secretVolumeName } from "../../spec/workload.js";

export const SECRET_REFERENCES_ANNOTATION = "checksum/secret-references";
/** Owner read, group read: the pod's fsGroup can read, nobody can write. */
const SECRET_FILE_MODE = 0o440;

/** Name of the Kubernetes Secret External Secrets writes for a service. */
export function secretTargetName(serviceName: string): string {
  return `${serviceName}-secrets`;
}

/** The Secret a reference is read from, and its key there: the workload's own (filled from the store) or an existing one. */
export function secretSource(reference: SecretReference, serviceName: string): { readonly name: string; readonly key: string } {
  return reference.existingSecret === undefined ? { name: secretTargetName(serviceName), key: reference.name } : { name: reference.existingSecret, key: reference.key };
}

export function secretEnvVars(container: PodContainer, serviceName: string): k8s.EnvVar[] {
  return container.spec.secrets
    .filter((secret) => secret.env !== undefined)
    .map((secret) => {
      return { name: secret.env!, valueFrom: { secretKeyRef: secretSource(secret, serviceName) } };
    });
}

/**
 * One read-only volume per (container, mount path), holding exactly the keys mounted there, each
 * as the file named after its reference. The spec rules keep one Secret per mount path.
 */
export function secretVolumes(serviceName: string, service: ServiceSpec): k8s.Volume[] {
  return podContainers(serviceName, service).flatMap((container) =>
    mountPaths(container).map((mountPath) => {
      const references = container.spec.secrets.filter((secret) => secret.mountPath === mountPath);
      return {
        name: secretVolumeName(container, mountPath),
        secret: {
          secretName: secretSource(references[0]!, serviceName).name,
          defaultMode: SECRET_FILE_MODE,
          items: references.map((secret) => ({ key: secretSource(secret, serviceName).key, path: secret.name })),
        },
      };
    }),
  );
}

export function secretMounts(container: PodContainer): k8s.VolumeMount[] {
  return mountPaths(container).map((mountPath) => ({ name: secretVolumeName(container, mountPath), mountPath, readOnly: true }));
}

function mountPaths(container: PodContainer): string[] {
  return [...new Set(container.spec.secrets.flatMap((secret) => (secret.mountPath === undefined ? [] : [secret.mountPath])))];
}

/** SHA-256 of the store and the references (existing Secrets' names and keys included); a changed mapping changes the pod template. */
export function secretReferencesChecksum(serviceName: string, service: ServiceSpec, store: string): string {
  const references = podContainers(serviceName, service).map(({ name, spec }) => ({ container: name, secrets: spec.secrets }));
  return createHash("sha256").update(JSON.stringify({ store, refreshInterval: service.secretRefreshInterval, references })).digest("hex");
}

/** Whether the workload reads any secret, from the store or an existing Secret. */
export function usesSecrets(serviceName: string, service: ServiceSpec): boolean {
  return secretReferences(serviceName, service).length > 0;
}
