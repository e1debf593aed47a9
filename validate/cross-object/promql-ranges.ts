// A range selector in a rule shorter than four scrape intervals of the namespace's monitors: rate()
// needs two samples in the window, and four tolerate a missed or late scrape; shorter, the rule
// returns nothing or flaps. The interval is the longest a ServiceMonitor or PodMonitor of the
// namespace declares, or prometheus-operator's default when none does.
import { durationMs } from "../../spec/formats.js";
import { ruleEntries } from "../promql/rule-entries.js";
import { readRule } from "../promql/rule-reading.js";
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule, CrossObjectViolation } from "./object-index.js";

/** The scrape interval of an endpoint that declares none (kube-prometheus-stack's global default). */
export const DEFAULT_SCRAPE_INTERVAL = "30s";
const SCRAPES_PER_RANGE = 4;

/** Durations read so far: a platform's rules repeat a handful of ranges thousands of times. */
const DURATIONS = new Map<string, number | undefined>();

/** Milliseconds of a Prometheus duration ("1h30m"); undefined when it is not one. */
export function promDurationMs(text: string): number | undefined {
  if (!DURATIONS.has(text)) {
    if (DURATIONS.size >= 1024) DURATIONS.clear();
    DURATIONS.set(text, /^([0-9]+(ms|s|m|h|d|w|y))+$/.test(text) ? durationMs(text) : undefined);
  }
  return DURATIONS.get(text);
}

export const promqlRangeRules: readonly CrossObjectRule[] = [
  {
    id: "xo/promql-range",
    severity: "error",
    fix: `use a range of at least ${SCRAPES_PER_RANGE} scrape intervals (with 30 s scrapes, [2m]; slipway's own rules use [5m] and longer)`,
    check: (index) =>
      index.ofKind("PrometheusRule").flatMap((prometheusRule): CrossObjectViolation[] => {
        const namespace = prometheusRule.metadata.namespace ?? "default";
        const endpoints = [
          ...index.inNamespace("ServiceMonitor", namespace).flatMap((monitor) => ((monitor.spec as Json | undefined)?.endpoints as Json[] | undefined) ?? []),
          ...index.inNamespace("PodMonitor", namespace).flatMap((monitor) => ((monitor.spec as Json | undefined)?.podMetricsEndpoints as Json[] | undefined) ?? []),
        ];
        const intervals = endpoints.map((endpoint) => String(endpoint?.interval ?? DEFAULT_SCRAPE_INTERVAL));
        const scrape = intervals.length === 0 ? DEFAULT_SCRAPE_INTERVAL : intervals.reduce((longest, interval) => ((promDurationMs(interval) ?? 0) > (promDurationMs(longest) ?? 0) ? interval : longest));
        const floor = SCRAPES_PER_RANGE * promDurationMs(scrape)!;
        return ruleEntries(prometheusRule).flatMap(({ rule, path, name }) =>
          (readRule(rule).ranges ?? [])
            .filter(({ range }) => (promDurationMs(range) ?? Infinity) < floor)
            .map(({ metric, range }) => ({
              object: prometheusRule,
              path,
              message: `${name}: ${metric ?? "a selector"}[${range}] spans fewer than ${SCRAPES_PER_RANGE} scrapes of ${scrape} (the longest interval of namespace ${namespace}'s monitors${intervals.length === 0 ? ", none declared: the default" : ""})`,
            })),
        );
      }),
  },
];
