// The LimitRange slipway renders for a namespace: what is declared, and its own defaults brought
// within the declared min and max, since the API server refuses a LimitRange whose default request
// or limit lies outside them (and a declared value that does is a spec error, spec/rules/namespaces.ts).
import { parseQuantity } from "./quantity.js";
import type { LimitRangeSpec } from "./schema/environment.js";

type Resource = "cpu" | "memory";
type Pair = { readonly cpu?: string; readonly memory?: string };

export interface EffectiveLimitRange {
  readonly defaultRequest: { readonly cpu: string; readonly memory: string };
  readonly default: { readonly cpu?: string; readonly memory: string };
  readonly max?: Pair;
  readonly min?: Pair;
}

/** slipway's own defaults, used where the spec declares none. */
export const LIMIT_RANGE_DEFAULTS = { defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "512Mi" } } as const;

const smaller = (a: string, b: string | undefined) => (b !== undefined && parseQuantity(b) < parseQuantity(a) ? b : a);
const larger = (a: string, b: string | undefined) => (b !== undefined && parseQuantity(b) > parseQuantity(a) ? b : a);
/** value brought within [low, high]: high wins when they cross (the rules report that). */
const within = (value: string, low: string | undefined, high: string | undefined) => smaller(larger(value, low), high);

export function effectiveLimitRange(limitRange: LimitRangeSpec): EffectiveLimitRange {
  const { max, min } = limitRange;
  const limit = (resource: Resource, fallback: string) => limitRange.default[resource] ?? within(fallback, min?.[resource], max?.[resource]);
  const defaultLimit = { memory: limit("memory", LIMIT_RANGE_DEFAULTS.default.memory), cpu: limitRange.default.cpu ?? max?.cpu };
  const request = (resource: Resource) => limitRange.defaultRequest[resource] ?? within(smaller(LIMIT_RANGE_DEFAULTS.defaultRequest[resource], defaultLimit[resource]), min?.[resource], max?.[resource]);
  return {
    defaultRequest: { cpu: request("cpu"), memory: request("memory") },
    default: defaultLimit.cpu === undefined ? { memory: defaultLimit.memory } : { cpu: defaultLimit.cpu, memory: defaultLimit.memory },
    ...(max === undefined ? {} : { max }),
    ...(min === undefined ? {} : { min }),
  };
}

/** A LimitRange item's bounds in order of size (the API server's ValidateLimitRange): none may exceed a later one. */
export const LIMIT_RANGE_ORDER = ["min", "defaultRequest", "default", "max"] as const;
export type LimitRangeBound = (typeof LIMIT_RANGE_ORDER)[number];

/** Each pair of one resource's bounds out of order: [the lower field, a later field it exceeds]. */
export function crossedBounds(value: (field: LimitRangeBound) => number | undefined): [LimitRangeBound, LimitRangeBound][] {
  return LIMIT_RANGE_ORDER.flatMap((low, index) =>
    LIMIT_RANGE_ORDER.slice(index + 1).flatMap((high): [LimitRangeBound, LimitRangeBound][] => {
      const [a, b] = [value(low), value(high)];
      return a !== undefined && b !== undefined && a > b ? [[low, high]] : [];
    }),
  );
}
