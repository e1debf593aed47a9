// Every container's limits are at least its requests and fit its namespace's LimitRange.
import { parseQuantity } from "../quantity.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
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
  return issues;
}
