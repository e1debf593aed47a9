// Every container's limits are at least its requests and fit its namespace's LimitRange: the
// service's own, its init containers, and the mesh proxy injected beside them.
import { parseQuantity } from "../quantity.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isMeshed } from "../environment-settings.js";
import { effectiveLimitRange } from "../limit-range.js";
import { namespaceKeyOf, podContainers } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function resourceRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [serviceName, service] of Object.entries(environment.services)) {
    const namespaceKey = namespaceKeyOf(service, environment);
    const limitRange = namespaceKey === undefined ? undefined : environment.namespaces[namespaceKey]?.limitRange;
    for (const { spec, path } of podContainers(serviceName, service)) {
      const { requests, limits } = spec.resources;
      for (const resource of ["cpu", "memory"] as const) {
        const request = requests[resource];
        const limit = limits[resource];
        if (limit !== undefined && parseQuantity(limit) < parseQuantity(request)) {
          issues.push({
            path: [...path, "resources", "limits", resource],
            message: `the ${resource} limit (${limit}) is below the request (${request}); Kubernetes rejects that: raise the limit to at least ${request} or lower the request`,
            related: [[...path, "resources", "requests", resource]],
          });
        }
        const max = limitRange?.max?.[resource];
        if (max !== undefined && limit !== undefined && parseQuantity(limit) > parseQuantity(max)) {
          issues.push({
            path: [...path, "resources", "limits", resource],
            message: `the ${resource} limit (${limit}) exceeds the namespace LimitRange max (${max}); lower it or raise namespaces.${namespaceKey}.limitRange.max.${resource}`,
          });
        }
        const defaultLimit = limitRange === undefined ? undefined : effectiveLimitRange(limitRange).default[resource];
        if (limit === undefined && defaultLimit !== undefined && parseQuantity(request) > parseQuantity(defaultLimit)) {
          issues.push({
            path: [...path, "resources", "requests", resource],
            message: `the ${resource} request (${request}) is above the limit the namespace LimitRange gives a container without one (${defaultLimit}), so the pod would be refused: set resources.limits.${resource} or raise namespaces.${namespaceKey}.limitRange.default.${resource}`,
          });
        }
        const min = limitRange?.min?.[resource];
        if (min !== undefined && parseQuantity(request) < parseQuantity(min)) {
          issues.push({
            path: [...path, "resources", "requests", resource],
            message: `the ${resource} request (${request}) is below the namespace LimitRange min (${min}); raise it or lower namespaces.${namespaceKey}.limitRange.min.${resource}`,
          });
        }
      }
    }
  }
  issues.push(...sidecarIssues(environment));
  return issues;
}

/**
 * The injected mesh proxy against each namespace's LimitRange: slipway pins its requests and limits
 * by annotation (mesh.sidecar), so a proxy over the max (or under the min) is known before every pod
 * of the namespace is refused at admission.
 */
function sidecarIssues(environment: EnvironmentSpec): FieldIssue[] {
  if (!isMeshed(environment)) return [];
  const { requests, limits } = environment.mesh.sidecar;
  const issues: FieldIssue[] = [];
  for (const [key, namespace] of Object.entries(environment.namespaces)) {
    if (!Object.values(environment.services).some((service) => namespaceKeyOf(service, environment) === key)) continue;
    const { max, min } = namespace.limitRange;
    for (const resource of ["cpu", "memory"] as const) {
      if (max?.[resource] !== undefined && parseQuantity(limits[resource]) > parseQuantity(max[resource]!)) {
        issues.push({
          path: ["mesh", "sidecar", "limits", resource],
          message: `the mesh proxy's ${resource} limit (${limits[resource]}) exceeds namespaces.${key}.limitRange.max.${resource} (${max[resource]}): every pod in ${namespace.name} would be refused at admission; lower mesh.sidecar.limits.${resource} or raise the max`,
          related: [["namespaces", key, "limitRange", "max", resource]],
        });
      }
      if (min?.[resource] !== undefined && parseQuantity(requests[resource]) < parseQuantity(min[resource]!)) {
        issues.push({
          path: ["mesh", "sidecar", "requests", resource],
          message: `the mesh proxy's ${resource} request (${requests[resource]}) is below namespaces.${key}.limitRange.min.${resource} (${min[resource]}): every pod in ${namespace.name} would be refused at admission; raise mesh.sidecar.requests.${resource} or lower the min`,
          related: [["namespaces", key, "limitRange", "min", resource]],
        });
      }
    }
  }
  return issues;
}
