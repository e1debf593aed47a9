// Facts derived from a resolved service that both the rules and the constructs need.
import type { FieldPath } from "./issues.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import type { StorageSpec } from "./schema/storage.js";
import { type ContainerSpec, isBatch, isServing, type PortSpec, type ProbeSpec, type ServiceSpec, type ServingSpec } from "./schema/service.js";

export interface PodContainer {
  readonly name: string;
  readonly spec: ContainerSpec;
  /** Path of the container's declaration in the resolved spec. */
  readonly path: FieldPath;
  readonly isMain: boolean;
  /** An init container (`initContainers`): run before the others, or a native sidecar. */
  readonly isInit: boolean;
  /** A native sidecar: an init container that keeps running (restartPolicy Always). */
  readonly isSidecar: boolean;
}

/**
 * The main container (named after the service) first, then the extra containers by name, then
 * the init containers in their declared (run) order.
 */
export function podContainers(serviceName: string, service: ServiceSpec): PodContainer[] {
  const main: PodContainer = { name: serviceName, spec: service, path: ["services", serviceName], isMain: true, isInit: false, isSidecar: false };
  const extras = Object.keys(service.containers)
    .sort()
    .map((name): PodContainer => ({ name, spec: service.containers[name]!, path: ["services", serviceName, "containers", name], isMain: false, isInit: false, isSidecar: false }));
  const inits = service.initContainers.map(
    (spec, index): PodContainer => ({ name: spec.name, spec, path: ["services", serviceName, "initContainers", index], isMain: false, isInit: true, isSidecar: spec.restartPolicy === "Always" }),
  );
  return [main, ...extras, ...inits];
}

export type MetricsSpec = Exclude<NonNullable<ServiceSpec["metrics"]>, readonly unknown[]>;

/** The workload's metrics endpoints: `metrics` as a list, whether it declares one or several. */
export function metricsOf(service: ServiceSpec): readonly MetricsSpec[] {
  const { metrics } = service;
  return metrics === undefined ? [] : Array.isArray(metrics) ? metrics : [metrics as MetricsSpec];
}

/** The ports a pod serves to others, each with its container: every declared port but the internal ones. */
export function servedPorts(serviceName: string, service: ServiceSpec): (PortSpec & { readonly container: string })[] {
  return podContainers(serviceName, service).flatMap(({ name: container, spec }) => spec.ports.filter((port) => !port.internal).map((port) => ({ ...port, container })));
}

/**
 * Whether a meshed pod must run the mesh proxy as a native sidecar: a job's pods, so the proxy ends
 * when the job's containers do; and a pod with init containers, which otherwise run before the
 * proxy exists while the CNI already redirects their traffic to it (so they have no network).
 */
export function needsNativeMeshSidecar(service: ServiceSpec): boolean {
  return isBatch(service) || service.initContainers.length > 0;
}

export interface ReplicaBounds {
  readonly min: number;
  readonly max: number;
}

/** Pods a workload runs at once: its replicas (or autoscaling bounds); a job's parallelism. */
export function replicaBounds(service: ServiceSpec): ReplicaBounds {
  if (!isServing(service)) return { min: service.parallelism ?? 1, max: service.parallelism ?? 1 };
  if (service.autoscaling) return { min: service.autoscaling.min, max: service.autoscaling.max };
  const replicas = service.replicas ?? 1;
  return { min: replicas, max: replicas };
}

/** The serving fields of a workload (replicas, scaling, exposure, traffic, SLO), or undefined for a job or cron job. */
export function serving(service: ServiceSpec): ServingSpec | undefined {
  return isServing(service) ? service : undefined;
}

export type SloSpec = NonNullable<ServingSpec["slo"]>;

/** The persistent volumes a workload declares (only the serving kinds take `storage`). */
export function storageOf(service: ServiceSpec): readonly StorageSpec[] {
  return serving(service)?.storage ?? [];
}

export type DeploymentStrategy = NonNullable<Extract<ServiceSpec, { kind: "deployment" }>["strategy"]>;

/**
 * How a Deployment replaces its pods: as declared; else Recreate when a claim is one node's (a
 * rolling update would start the new pod while the old one holds the claim); else a rolling
 * update that surges by 25 % and never goes below the desired count.
 */
export function deploymentStrategy(service: Extract<ServiceSpec, { kind: "deployment" }>): DeploymentStrategy {
  if (service.strategy !== undefined) return service.strategy;
  return service.storage.some(isSingleNodeClaim) ? { type: "Recreate" } : { type: "RollingUpdate", maxSurge: "25%", maxUnavailable: 0 };
}

/**
 * Pods a rollout runs beside the desired count (a namespace must hold them): a Deployment's
 * rolling update surges (a percentage rounds up, as Kubernetes rounds it); Recreate and a
 * StatefulSet, which replaces pods one by one, do not.
 */
export function surgePods(service: ServiceSpec, replicas: number): number {
  if (service.kind !== "deployment") return 0;
  const strategy = deploymentStrategy(service);
  if (strategy.type === "Recreate") return 0;
  const { maxSurge } = strategy;
  return typeof maxSurge === "number" ? maxSurge : Math.ceil((replicas * Number(maxSurge.slice(0, -1))) / 100);
}

/** Whether a claim is mounted by pods on one node only (ReadWriteOnce, ReadWriteOncePod). */
export function isSingleNodeClaim(storage: StorageSpec): boolean {
  return storage.accessModes.every((mode) => mode === "ReadWriteOnce" || mode === "ReadWriteOncePod");
}

/** Key (in `namespaces`) of the namespace a service runs in, or undefined when ambiguous. */
export function namespaceKeyOf(service: ServiceSpec, environment: EnvironmentSpec): string | undefined {
  if (service.namespace !== undefined) return service.namespace;
  const keys = Object.keys(environment.namespaces);
  return keys.length === 1 ? keys[0] : undefined;
}

export function namespaceNameOf(service: ServiceSpec, environment: EnvironmentSpec): string {
  const key = namespaceKeyOf(service, environment);
  const namespace = key === undefined ? undefined : environment.namespaces[key];
  if (namespace === undefined) throw new Error(`service has no resolvable namespace (key ${String(key)})`);
  return namespace.name;
}

export function servicesIn(namespaceKey: string, environment: EnvironmentSpec): [string, ServiceSpec][] {
  return Object.entries(environment.services)
    .filter(([, service]) => namespaceKeyOf(service, environment) === namespaceKey)
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The declared port a probe targets: its explicit port (a name, or a number matched against the
 * container ports), else the container's first port of the probe's protocol.
 */
export function probeTarget(probe: ProbeSpec, container: Pick<ContainerSpec, "ports">): PortSpec | undefined {
  if (probe.exec) return undefined;
  const action = probe.http ?? probe.grpc ?? probe.tcp;
  const port = action?.port;
  if (port === undefined) {
    const protocol = probe.http ? "http" : probe.grpc ? "grpc" : undefined;
    return container.ports.find((candidate) => protocol === undefined || candidate.protocol === protocol);
  }
  return container.ports.find((candidate) => (typeof port === "number" ? candidate.containerPort === port : candidate.name === port));
}

/** app.kubernetes.io/version of a service: `version`, else the image tag, else the digest's first 12 hex digits. */
export function serviceVersion(service: ServiceSpec): string {
  return service.version ?? service.image.tag ?? service.image.digest!.slice("sha256:".length, "sha256:".length + 12);
}

/** Full image reference: the platform registry prefixed unless the repository names its own. */
export function imageReference(image: ContainerSpec["image"], registry: string | undefined): string {
  const [first, ...rest] = image.repository.split("/");
  const namesRegistry = rest.length > 0 && (first!.includes(".") || first!.includes(":") || first === "localhost");
  const repository = namesRegistry || registry === undefined ? image.repository : `${registry}/${image.repository}`;
  return `${repository}${image.tag === undefined ? "" : `:${image.tag}`}${image.digest === undefined ? "" : `@${image.digest}`}`;
}

/** Name of the emptyDir volume behind a writable path: "/var/cache/models" → "var-cache-models". */
export function writableVolumeName(container: PodContainer, path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
  return container.isMain ? slug : `${container.name}-${slug}`;
}

/** Name of the read-only volume behind a secret mount path: "/etc/signing" → "secret-etc-signing". */
export function secretVolumeName(container: PodContainer, mountPath: string): string {
  const slug = mountPath.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "root";
  return container.isMain ? `secret-${slug}` : `${container.name}-secret-${slug}`;
}
