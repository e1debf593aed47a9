// What a namespace must admit: its workloads at maximum scale, rolling-update surge, mesh sidecars
// and persistent volumes included. Sizes derived quotas and checks declared ones.
import { parseQuantity } from "./quantity.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import { isMeshed } from "./environment-settings.js";
import { podContainers, replicaBounds, rollsWithSurge, servicesIn, storageOf, surgePods } from "./workload.js";

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
  const defaultCpuLimit = namespace.limitRange.default.cpu;
  let pods = 0;
  let requestsCpu = 0;
  let requestsMemory = 0;
  let limitsMemory = 0;
  let limitsCpu: number | undefined = 0;
  let claims = 0;
  let storageBytes = 0;
  for (const [name, service] of servicesIn(namespaceKey, environment)) {
    const max = replicaBounds(service).max;
    const count = max + (rollsWithSurge(service) ? surgePods(max) : 0);
    // A StatefulSet's claims are per replica; a Deployment's are shared.
    const copies = service.kind === "statefulset" ? max : 1;
    const storage = storageOf(service);
    claims += copies * storage.length;
    storageBytes += copies * storage.reduce((sum, volume) => sum + parseQuantity(volume.size), 0);
    const resources = podContainers(name, service).map(({ spec }) => spec.resources);
    if (sidecar) resources.push(sidecar);
    pods += count;
    for (const { requests, limits } of resources) {
      requestsCpu += count * parseQuantity(requests.cpu);
      requestsMemory += count * parseQuantity(requests.memory);
      limitsMemory += count * parseQuantity(limits.memory);
      const cpuLimit = limits.cpu ?? defaultCpuLimit;
      limitsCpu = limitsCpu === undefined || cpuLimit === undefined ? undefined : limitsCpu + count * parseQuantity(cpuLimit);
    }
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
