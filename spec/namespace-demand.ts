// What a namespace must admit: its workloads at maximum scale, rolling-update surge, mesh sidecars,
// databases' instances and persistent volumes included. Sizes derived quotas and checks declared ones.
import { parseQuantity } from "./quantity.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import { databaseNamespaceKey } from "./database.js";
import { isMeshed } from "./environment-settings.js";
import { effectiveLimitRange } from "./limit-range.js";
import { type PodContainer, podContainers, replicaBounds, servicesIn, storageOf, surgePods } from "./workload.js";

/** Resource totals a namespace needs at maximum scale, rolling-update surge included. */
export interface NamespaceDemand {
  readonly pods: number;
  readonly "requests.cpu": number;
  readonly "requests.memory": number;
  readonly "limits.memory": number;
  /** undefined when some container has no CPU limit (then a limits.cpu quota rejects its pods). */
  readonly "limits.cpu": number | undefined;
  /** Claims: a Deployment's shared ones, a StatefulSet's per replica at maximum scale. */
  readonly persistentvolumeclaims: number;
  /** Bytes those claims request. */
  readonly "requests.storage": number;
}

export function namespaceDemand(namespaceKey: string, environment: EnvironmentSpec): NamespaceDemand {
  const namespace = environment.namespaces[namespaceKey]!;
  const sidecar = isMeshed(environment) ? environment.mesh.sidecar : undefined;
  const defaultCpuLimit = effectiveLimitRange(namespace.limitRange).default.cpu;
  let pods = 0;
  let requestsCpu = 0;
  let requestsMemory = 0;
  let limitsMemory = 0;
  let limitsCpu: number | undefined = 0;
  let claims = 0;
  let storageBytes = 0;
  /** Adds `count` pods of these totals. */
  const addPods = (count: number, pod: PodTotals) => {
    pods += count;
    requestsCpu += count * pod.requestsCpu;
    requestsMemory += count * pod.requestsMemory;
    limitsMemory += count * pod.limitsMemory;
    limitsCpu = limitsCpu === undefined || pod.limitsCpu === undefined ? undefined : limitsCpu + count * pod.limitsCpu;
  };
  for (const [name, service] of servicesIn(namespaceKey, environment)) {
    const max = replicaBounds(service).max;
    const count = max + surgePods(service, max);
    // A StatefulSet's claims are per replica; a Deployment's are shared.
    const copies = service.kind === "statefulset" ? max : 1;
    const storage = storageOf(service);
    claims += copies * storage.length;
    storageBytes += copies * storage.reduce((sum, volume) => sum + parseQuantity(volume.size), 0);
    addPods(count, podTotals(podContainers(name, service), sidecar, defaultCpuLimit));
  }
  // A database's instances, one operator job (a join, a backup) beside them at a time, and its pooler.
  for (const name of Object.keys(environment.databases).filter((candidate) => databaseNamespaceKey(candidate, environment) === namespaceKey)) {
    const database = environment.databases[name]!;
    addPods(database.instances + 1, resourceTotals([database.resources], defaultCpuLimit));
    claims += database.instances;
    storageBytes += database.instances * parseQuantity(database.storage.size);
    if (database.pooler !== undefined) addPods(database.pooler.instances, resourceTotals([database.pooler.resources], defaultCpuLimit));
  }
  return {
    pods,
    "requests.cpu": requestsCpu,
    "requests.memory": requestsMemory,
    "limits.memory": limitsMemory,
    "limits.cpu": limitsCpu,
    persistentvolumeclaims: claims,
    "requests.storage": storageBytes,
  };
}

interface PodTotals {
  readonly requestsCpu: number;
  readonly requestsMemory: number;
  readonly limitsMemory: number;
  readonly limitsCpu: number | undefined;
}

type Resources = PodContainer["spec"]["resources"];

/** The resources of containers running side by side; a CPU limit is the LimitRange's default where none is set. */
export function resourceTotals(resources: readonly Resources[], defaultCpuLimit: string | undefined): PodTotals {
  let totals: PodTotals = { requestsCpu: 0, requestsMemory: 0, limitsMemory: 0, limitsCpu: 0 };
  for (const { requests, limits } of resources) {
    const cpuLimit = limits.cpu ?? defaultCpuLimit;
    totals = {
      requestsCpu: totals.requestsCpu + parseQuantity(requests.cpu),
      requestsMemory: totals.requestsMemory + parseQuantity(requests.memory),
      limitsMemory: totals.limitsMemory + parseQuantity(limits.memory),
      limitsCpu: totals.limitsCpu === undefined || cpuLimit === undefined ? undefined : totals.limitsCpu + parseQuantity(cpuLimit),
    };
  }
  return totals;
}

/**
 * A pod's effective resources, as Kubernetes counts them against a quota: its containers, native
 * sidecars and mesh sidecar together, or a plain init container with the sidecars started before
 * it, whichever is larger (init containers run one at a time, before the rest).
 */
export function podTotals(containers: readonly PodContainer[], meshSidecar: Resources | undefined, defaultCpuLimit: string | undefined): PodTotals {
  const sum = (resources: readonly Resources[]) => resourceTotals(resources, defaultCpuLimit);
  const running = containers.filter((container) => !container.isInit || container.isSidecar).map(({ spec }) => spec.resources);
  let totals = sum(meshSidecar === undefined ? running : [...running, meshSidecar]);
  const sidecarsBefore: Resources[] = [];
  for (const container of containers.filter(({ isInit }) => isInit)) {
    if (container.isSidecar) {
      sidecarsBefore.push(container.spec.resources);
      continue;
    }
    const init = sum([...sidecarsBefore, container.spec.resources]);
    totals = {
      requestsCpu: Math.max(totals.requestsCpu, init.requestsCpu),
      requestsMemory: Math.max(totals.requestsMemory, init.requestsMemory),
      limitsMemory: Math.max(totals.limitsMemory, init.limitsMemory),
      limitsCpu: totals.limitsCpu === undefined || init.limitsCpu === undefined ? undefined : Math.max(totals.limitsCpu, init.limitsCpu),
    };
  }
  return totals;
}
