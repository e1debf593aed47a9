// What a service's SLIs and dashboard read about its requests, whatever measures them: the rate of
// all requests and of failed ones, and the latency histogram. Each SLI source is a provider of
// these signals (istio-signals.ts, metrics-signals.ts); the SLO rules, the dashboard and the
// promtool fixtures read only this interface.
import type { ServiceNode } from "../../../spec/graph.js";
import type { EnvironmentSpec, ServiceSpec } from "../../../spec/index.js";
import type { SliSource } from "../../../spec/schema/slo.js";
import { isMeshed } from "../../../spec/environment-settings.js";
import { serving } from "../../../spec/workload.js";
import { istioSignals } from "./istio-signals.js";
import { metricsSignals } from "./metrics-signals.js";

/** A series as promtool's input notation writes it: name{label="value",…}. */
export type SeriesId = string;

export interface RequestSignals {
  readonly source: SliSource["source"];
  /** Rate of every request over the window: one expression. */
  readonly requests: (window: string) => string;
  /** Rate of failed requests, parenthesised, 0 (not nothing) when there are none. */
  readonly errors: (window: string) => string;
  /** What a failed request is, for alert descriptions: "failed with a 5xx". */
  readonly describeErrors: string;
  /** The request rate split by a label (a response code) for a dashboard, when the source has one. */
  readonly breakdown?: { readonly label: string; readonly requests: (window: string) => string };
  readonly latency?: LatencySignals;
  /** The series a synthetic fixture writes: each good request counts on every `good` series, each failed one on every `bad` series. */
  readonly fixture: () => { readonly good: readonly SeriesId[]; readonly bad: readonly SeriesId[] };
}

export interface LatencySignals {
  /** Grafana's unit of the histogram's values. */
  readonly unit: "ms" | "s";
  /** Rate of requests the histogram counted over the window. */
  readonly count: (window: string) => string;
  /** Rate of requests faster than the threshold, parenthesised, 0 when there are none. */
  readonly fasterThan: (thresholdMs: number, window: string) => string;
  /** Rate of each bucket, kept by le: the argument of histogram_quantile. */
  readonly buckets: (window: string) => string;
  /** The fixture's series: a bucket by its bound (in ms, or "+Inf"), and the count. */
  readonly fixture: () => { readonly bucket: (thresholdMs: number | "+Inf") => SeriesId; readonly count: SeriesId };
}

/**
 * The signals of the service's declared SLI source; without an SLO, Istio's when the environment
 * has the mesh; otherwise none (a dashboard then shows no request panels).
 */
export function requestSignalsOf(node: ServiceNode, service: ServiceSpec, environment: EnvironmentSpec): RequestSignals | undefined {
  const source = serving(service)?.slo?.sli ?? (isMeshed(environment) ? ({ source: "istio" } as const) : undefined);
  return source === undefined ? undefined : signalsOf(node, source);
}

export function signalsOf(node: ServiceNode, source: SliSource): RequestSignals {
  return source.source === "istio" ? istioSignals(node) : metricsSignals(node, source);
}

/** A `le` matcher for a bound: Prometheus 3 stores classic-histogram bounds in float form ("250.0"), 2.x as exported ("250"). */
export function boundMatcher(bound: number): string {
  return Number.isInteger(bound) ? `le=~"${bound}(\\\\.0)?"` : `le="${bound}"`;
}

export function labelSet(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(",")}}`;
}
