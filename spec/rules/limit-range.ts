// A namespace's LimitRange as the API server validates it: min ≤ default request ≤ default limit ≤
// max for each resource. slipway's own defaults already fit (spec/limit-range.ts); a declared value
// that does not is named with the bound it crosses.
import { effectiveLimitRange } from "../limit-range.js";
import { parseQuantity } from "../quantity.js";
import type { LimitRangeSpec } from "../schema/environment.js";

/** The fields in order of size: none may exceed a later one. */
const ORDER = ["min", "defaultRequest", "default", "max"] as const;

export function limitRangeIssues(limitRange: LimitRangeSpec): { path: (string | number)[]; message: string }[] {
  const effective = effectiveLimitRange(limitRange);
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const resource of ["cpu", "memory"] as const) {
    const values = ORDER.map((field) => {
      const declared = (limitRange[field] as { cpu?: string; memory?: string } | undefined)?.[resource];
      const value = (effective[field] as { cpu?: string; memory?: string } | undefined)?.[resource];
      return { field, value, isDeclared: declared !== undefined, name: `limitRange.${field}.${resource} (${value}${declared === undefined ? ", slipway's default" : ""})` };
    });
    for (const [index, low] of values.entries()) {
      const crossed = values.slice(index + 1).filter((high) => low.value !== undefined && high.value !== undefined && parseQuantity(low.value) > parseQuantity(high.value));
      // One issue per value, against a declared bound when one is crossed (a default derived from it crosses it too).
      const high = crossed.find(({ isDeclared }) => isDeclared) ?? crossed[0];
      if (high === undefined) continue;
      // The declared one of the two is the one to change; slipway's defaults never cross a declared bound on their own.
      issues.push({ path: [(low.isDeclared ? low : high).field, resource], message: `${low.name} is above ${high.name}; the API server refuses this LimitRange: lower the first or raise the second` });
    }
  }
  return issues;
}
