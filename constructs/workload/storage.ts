// Persistent storage of a workload: a PersistentVolumeClaim spec per declared volume, and where the
// main container mounts it.
import { k8s } from "cdk8s-plus-28";
import type { StorageSpec } from "../../spec/schema/storage.js";

export function claimSpec(storage: StorageSpec): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: storage.accessModes,
    resources: { requests: { storage: k8s.Quantity.fromString(storage.size) } },
    ...(storage.storageClass === undefined ? {} : { storageClassName: storage.storageClass }),
  };
}

/** The claim a Deployment's volume names: <workload>-<volume>. A StatefulSet's claims are named by Kubernetes. */
export function claimName(workload: string, storage: StorageSpec): string {
  return `${workload}-${storage.name}`;
}

export function storageMounts(storage: readonly StorageSpec[]): k8s.VolumeMount[] {
  return storage.map(({ name, mountPath }) => ({ name, mountPath }));
}
