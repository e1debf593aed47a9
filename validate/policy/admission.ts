// What the API server's own validation refuses in a LimitRange (ValidateLimitRange): for each
// resource of an item, min ≤ defaultRequest ≤ default ≤ max (and min ≤ default, defaultRequest ≤
// max), a maxLimitRequestRatio of at least 1 and at most max/min, and no defaults on a Pod item.
// slipway, kubeconform and a schema all accept such an object; `kubectl apply` does not.
import { crossedBounds, LIMIT_RANGE_ORDER } from "../../spec/limit-range.js";
import { isQuantity, parseQuantity } from "../../spec/quantity.js";
import type { Json, PolicyRule, Violation } from "./rule.js";

function itemViolations(item: Json, path: string): Violation[] {
  const violations: Violation[] = [];
  const fields = [...LIMIT_RANGE_ORDER, "maxLimitRequestRatio"] as const;
  const value = (field: (typeof fields)[number], resource: string): number | undefined => {
    const text = (item[field] as Json | undefined)?.[resource];
    return typeof text === "string" && isQuantity(text) ? parseQuantity(text) : typeof text === "number" ? text : undefined;
  };
  const resources = new Set(fields.flatMap((field) => Object.keys((item[field] as Json | undefined) ?? {})));
  if (item.type === "Pod") {
    for (const field of ["default", "defaultRequest"] as const) {
      if (item[field] !== undefined) violations.push({ path: `${path}.${field}`, message: `a Pod item may not set ${field} (only a Container item gives containers defaults)` });
    }
  }
  for (const resource of [...resources].sort()) {
    for (const [low, high] of crossedBounds((field) => value(field, resource))) {
      violations.push({ path: `${path}.${low}.${resource}`, message: `${low} ${resource} (${(item[low] as Json)[resource]}) is greater than ${high} (${(item[high] as Json)[resource]})` });
    }
    const ratio = value("maxLimitRequestRatio", resource);
    if (ratio === undefined) continue;
    if (ratio < 1) violations.push({ path: `${path}.maxLimitRequestRatio.${resource}`, message: `maxLimitRequestRatio ${resource} (${ratio}) is less than 1: no limit can be below its request` });
    const [min, max] = [value("min", resource), value("max", resource)];
    if (min !== undefined && max !== undefined && min > 0 && ratio > max / min) {
      violations.push({ path: `${path}.maxLimitRequestRatio.${resource}`, message: `maxLimitRequestRatio ${resource} (${ratio}) is greater than max/min (${max / min})` });
    }
  }
  return violations;
}

export const admissionRules: readonly PolicyRule[] = [
  {
    id: "admission/limit-range",
    severity: "error",
    fix: "order each resource's bounds min ≤ defaultRequest ≤ default ≤ max, and keep maxLimitRequestRatio between 1 and max/min",
    check: (object) => {
      if (object.kind !== "LimitRange" || object.apiVersion !== "v1") return [];
      const limits = (object.spec as Json | undefined)?.limits;
      return Array.isArray(limits) ? limits.flatMap((item: unknown, index) => (typeof item === "object" && item !== null ? itemViolations(item as Json, `spec.limits.${index}`) : [])) : [];
    },
  },
];
