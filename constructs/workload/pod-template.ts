// The pod template of a service: all its containers, restricted security, writable emptyDirs,
// spreading across zones and nodes when it can run more than one replica, and the sidecar's
// resources pinned by annotation when the mesh injects one.
import { k8s } from "cdk8s-plus-28";
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import { isMeshed, secretStoreOf } from "../../spec/environment-settings.js";
import { podContainers, replicaBounds, writableVolumeName } from "../../spec/workload.js";
import { selectorLabels, serviceLabels } from "../labels.js";
import { SECRET_REFERENCES_ANNOTATION, secretReferencesChecksum, secretVolumes, usesSecrets } from "../secrets/secret-wiring.js";
import { renderContainer } from "./container.js";
import { podSecurityContext } from "./security.js";

export function podTemplate(name: string, service: ServiceSpec, environment: EnvironmentSpec): k8s.PodTemplateSpec {
  const containers = podContainers(name, service);
  const volumes = [
    ...containers.flatMap((container) => container.spec.writablePaths.map((path) => ({ name: writableVolumeName(container, path), emptyDir: {} }))),
    ...secretVolumes(name, service),
  ];
  const secretChecksum: Record<string, string> = usesSecrets(name, service)
    ? { [SECRET_REFERENCES_ANNOTATION]: secretReferencesChecksum(name, service, secretStoreOf(service, environment)!) }
    : {};
  const spreads = replicaBounds(service).max > 1;
  return {
    metadata: {
      labels: { ...service.podLabels, ...serviceLabels(name, environment) },
      annotations: { "kubectl.kubernetes.io/default-container": name, ...sidecarAnnotations(environment), ...secretChecksum },
    },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: service.serviceAccount.automountToken,
      enableServiceLinks: false,
      securityContext: podSecurityContext(service.runAs),
      terminationGracePeriodSeconds: service.terminationGracePeriodSeconds,
      containers: containers.map((container) => renderContainer(container, name, environment.platform.registry)),
      ...(volumes.length === 0 ? {} : { volumes }),
      ...(spreads ? { topologySpreadConstraints: topologySpread(name, environment) } : {}),
    },
  };
}

/**
 * Soft spreading (ScheduleAnyway) over zones and nodes: a hard constraint leaves pods Pending when
 * one node or zone is full or a node lacks the zone label; the PodDisruptionBudget guards
 * availability. matchLabelKeys keeps a rollout's new pods from counting the old ones.
 */
function topologySpread(name: string, environment: EnvironmentSpec): k8s.TopologySpreadConstraint[] {
  return ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: selectorLabels(name, environment) },
    matchLabelKeys: ["pod-template-hash"],
  }));
}

function sidecarAnnotations(environment: EnvironmentSpec): Record<string, string> {
  if (!isMeshed(environment)) return {};
  const { requests, limits } = environment.mesh.sidecar;
  return {
    "sidecar.istio.io/proxyCPU": requests.cpu,
    "sidecar.istio.io/proxyMemory": requests.memory,
    "sidecar.istio.io/proxyCPULimit": limits.cpu,
    "sidecar.istio.io/proxyMemoryLimit": limits.memory,
  };
}
