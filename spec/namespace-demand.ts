// What a namespace must admit: its services at maximum scale, rolling-update surge and mesh
// sidecars included. Sizes derived quotas and checks declared ones.
import { parseQuantity } from "./quantity.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import { isMeshed } from "./environment-settings.js";
import { podContainers, replicaBounds, servicesIn, surgePods } from "./workload.js";

/** Resource totals a namespace needs at maximum scale, rolling-update surge included. */
export interface NamespaceDemand {
  readonly pods: number;
  readonly "requests.cpu": number;
  readonly "requests.memory": number;
  readonly "limits.memory": number;
  /** undefined when some container has no CPU limit (then a limits.cpu quota rejects its pods). */
  readonly "limits.cpu": number | undefined;
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
  for (const [name, service] of servicesIn(namespaceKey, environment)) {
    const max = replicaBounds(service).max;
    const count = max + surgePods(max);
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
  return { pods, "requests.cpu": requestsCpu, "requests.memory": requestsMemory, "limits.memory": limitsMemory, "limits.cpu": limitsCpu };
}
