// A namespace's LimitRange as the API server validates it: min ≤ default request ≤ default limit ≤
// max for each resource. slipway's own defaults already fit (spec/limit-range.ts); a declared value
// that does not is named with the bound it crosses.
import { crossedBounds, effectiveLimitRange, LIMIT_RANGE_ORDER, type LimitRangeBound } from "../limit-range.js";
import { parseQuantity } from "../quantity.js";
import type { LimitRangeSpec } from "../schema/environment.js";

export function limitRangeIssues(limitRange: LimitRangeSpec): { path: (string | number)[]; message: string }[] {
  const effective = effectiveLimitRange(limitRange);
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const resource of ["cpu", "memory"] as const) {
    const declared = (field: LimitRangeBound) => (limitRange[field] as { cpu?: string; memory?: string } | undefined)?.[resource];
    const text = (field: LimitRangeBound) => (effective[field] as { cpu?: string; memory?: string } | undefined)?.[resource];
    const name = (field: LimitRangeBound) => `limitRange.${field}.${resource} (${text(field)}${declared(field) === undefined ? ", slipway's default" : ""})`;
    const crossed = crossedBounds((field) => (text(field) === undefined ? undefined : parseQuantity(text(field)!)));
    for (const low of LIMIT_RANGE_ORDER) {
      const highs = crossed.filter(([from]) => from === low).map(([, high]) => high);
      // One issue per value, against a declared bound when one is crossed (a default derived from it crosses it too).
      const high = highs.find((field) => declared(field) !== undefined) ?? highs[0];
      if (high === undefined) continue;
      // The declared one of the two is the one to change; slipway's defaults never cross a declared bound on their own.
      issues.push({ path: [declared(low) !== undefined ? low : high, resource], message: `${name(low)} is above ${name(high)}; the API server refuses this LimitRange: lower the first or raise the second` });
    }
  }
  return issues;
}
