// The pod template of a workload: all its containers, restricted security, writable emptyDirs and
// persistent volumes, config files, spreading across zones and nodes when it runs more than one pod, and the
// sidecar's resources pinned by annotation when the mesh injects one (as a native sidecar in a
// job's pods, so the job can finish, and beside init containers, so they have a network).
import { k8s } from "cdk8s-plus-28";
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import { isMeshed, secretStoreOf } from "../../spec/environment-settings.js";
import { isBatch } from "../../spec/schema/service.js";
import { needsNativeMeshSidecar, type PodContainer, podContainers, replicaBounds, storageOf, writableVolumeName } from "../../spec/workload.js";
import { selectorLabels, serviceLabels } from "../labels.js";
import { SECRET_REFERENCES_ANNOTATION, secretReferencesChecksum, secretVolumes, usesSecrets } from "../secrets/secret-wiring.js";
import { configFileEntries } from "../../spec/config-file-entries.js";
import { configFileMounts, configFilesChecksum, configFilesVolumes } from "./config-files.js";
import { renderContainer } from "./container.js";
import { podSecurityContext } from "./security.js";
import { claimName, storageMounts } from "./storage.js";

/**
 * Istio's per-pod switch to a Kubernetes native sidecar (an init container that keeps running):
 * the pod's containers finishing then ends the pod, so a Job completes.
 */
export const NATIVE_SIDECAR_ANNOTATION = "sidecar.istio.io/nativeSidecar";

/** Velero's pod annotation naming the volumes its file-system backup copies. */
export const VELERO_BACKUP_VOLUMES_ANNOTATION = "backup.velero.io/backup-volumes";

/** Label Kubernetes adds to a rolling Deployment's pods (spreading counts only the new ones). */
const POD_TEMPLATE_HASH = "pod-template-hash";

export function podTemplate(name: string, service: ServiceSpec, environment: EnvironmentSpec): k8s.PodTemplateSpec {
  const containers = podContainers(name, service);
  const files = configFileEntries(name, service);
  // A StatefulSet's claims come from its claim templates, under the volume's own name.
  const claims = service.kind === "deployment" ? service.storage.map((storage) => ({ name: storage.name, persistentVolumeClaim: { claimName: claimName(name, storage) } })) : [];
  const volumes = [
    ...containers.flatMap((container) => container.spec.writablePaths.map((path) => ({ name: writableVolumeName(container, path), emptyDir: {} }))),
    ...secretVolumes(name, service),
    ...configFilesVolumes(name, files),
    ...claims,
  ];
  const secretChecksum: Record<string, string> = usesSecrets(name, service)
    ? { [SECRET_REFERENCES_ANNOTATION]: secretReferencesChecksum(name, service, secretStoreOf(service, environment) ?? "") }
    : {};
  const storage = storageOf(service);
  const render = (container: PodContainer) =>
    renderContainer(container, name, environment.platform.registry, [...(container.isMain ? storageMounts(storage) : []), ...configFileMounts(files, container)]);
  const initContainers = containers.filter((container) => container.isInit);
  const spread = topologySpread(name, service, environment);
  return {
    metadata: {
      labels: { ...service.podLabels, ...serviceLabels(name, environment) },
      annotations: {
        ...service.podAnnotations,
        "kubectl.kubernetes.io/default-container": name,
        ...sidecarAnnotations(service, environment),
        ...secretChecksum,
        ...configFilesChecksum(files),
        ...fileSystemBackupAnnotation(storage, environment),
      },
    },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: service.serviceAccount.automountToken,
      enableServiceLinks: false,
      securityContext: podSecurityContext(service.runAs, storage.length > 0),
      terminationGracePeriodSeconds: service.terminationGracePeriodSeconds,
      ...(isBatch(service) ? { restartPolicy: service.restartPolicy } : {}),
      ...(initContainers.length === 0 ? {} : { initContainers: initContainers.map(render) }),
      containers: containers.filter((container) => !container.isInit).map(render),
      ...(volumes.length === 0 ? {} : { volumes }),
      ...(service.priorityClassName === undefined ? {} : { priorityClassName: service.priorityClassName }),
      ...(service.imagePullSecrets.length === 0 ? {} : { imagePullSecrets: service.imagePullSecrets.map((secret) => ({ name: secret })) }),
      ...(Object.keys(service.nodeSelector).length === 0 ? {} : { nodeSelector: service.nodeSelector }),
      ...(service.tolerations.length === 0 ? {} : { tolerations: service.tolerations }),
      ...(service.affinity === undefined ? {} : { affinity: service.affinity as k8s.Affinity }),
      ...(spread.length === 0 ? {} : { topologySpreadConstraints: spread }),
    },
  };
}

/** By default, soft spreading over zones and nodes, once more than one pod runs. */
const DEFAULT_SPREAD = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({ topologyKey, maxSkew: 1, whenUnsatisfiable: "ScheduleAnyway" as const }));

/**
 * The declared spreading, else soft spreading (ScheduleAnyway) over zones and nodes when more than
 * one pod runs: a hard constraint leaves pods Pending when one node or zone is full or a node
 * lacks the zone label; the PodDisruptionBudget guards availability. Each constraint selects the
 * workload's own pods; matchLabelKeys keeps a Deployment's rollout from counting its old pods.
 */
function topologySpread(name: string, service: ServiceSpec, environment: EnvironmentSpec): k8s.TopologySpreadConstraint[] {
  const constraints = service.topologySpread ?? (replicaBounds(service).max > 1 ? DEFAULT_SPREAD : []);
  return constraints.map((constraint) => ({
    ...constraint,
    labelSelector: { matchLabels: selectorLabels(name, environment) },
    ...(service.kind === "deployment" ? { matchLabelKeys: [POD_TEMPLATE_HASH] } : {}),
  }));
}

/** Velero's opt-in file-system backup: the pod's persistent volumes, by name, when snapshots are off. */
function fileSystemBackupAnnotation(storage: readonly { readonly name: string }[], environment: EnvironmentSpec): Record<string, string> {
  if (environment.backups === undefined || environment.backups.volumeSnapshots || storage.length === 0) return {};
  return { [VELERO_BACKUP_VOLUMES_ANNOTATION]: storage.map((volume) => volume.name).join(",") };
}

function sidecarAnnotations(service: ServiceSpec, environment: EnvironmentSpec): Record<string, string> {
  if (!isMeshed(environment)) return {};
  const { requests, limits } = environment.mesh.sidecar;
  return {
    "sidecar.istio.io/proxyCPU": requests.cpu,
    "sidecar.istio.io/proxyMemory": requests.memory,
    "sidecar.istio.io/proxyCPULimit": limits.cpu,
    "sidecar.istio.io/proxyMemoryLimit": limits.memory,
    ...(needsNativeMeshSidecar(service) ? { [NATIVE_SIDECAR_ANNOTATION]: "true" } : {}),
  };
}
