// Request signals from the service's own metrics, as its SLO declares them: a counter of requests,
// a counter of failed ones and a latency histogram, each scoped to the service by the namespace and
// service labels slipway's ServiceMonitor gives every series it scrapes.
import type { ServiceNode } from "../../../spec/graph.js";
import { histogramBound, type MetricsSli } from "../../../spec/schema/slo.js";
import { labelsSatisfying, labelsSatisfyingExcept, type LabelMatcher, matcherText, parseSeriesSelector, type SeriesSelector } from "../../../spec/series-selector.js";
import { boundMatcher, labelSet, type RequestSignals, type SeriesId } from "./request-signals.js";

function metricsScope(node: ServiceNode): Record<string, string> {
  return { namespace: node.namespace, service: node.name };
}

export function metricsSignals(node: ServiceNode, sli: MetricsSli): RequestSignals {
  const scope = metricsScope(node);
  const requests = selectorOf(sli.requests);
  const errors = errorsAmong(requests, selectorOf(sli.errors));
  // The service's series: its scope, the declared matchers, and any extra (a bucket's bound).
  const series = (metric: string, matchers: readonly LabelMatcher[], window: string, extra = "") =>
    `${metric}{${[labelSet(scope).slice(1, -1), matcherText(matchers), extra].filter((part) => part !== "").join(",")}}[${window}]`;
  const rate = (metric: string, matchers: readonly LabelMatcher[], window: string, extra = "") => `sum(rate(${series(metric, matchers, window, extra)}))`;
  const histogram = sli.latency === undefined ? undefined : { ...selectorOf(sli.latency.histogram), unit: sli.latency.unit };
  return {
    source: "metrics",
    requests: (window) => rate(requests.metric, requests.matchers, window),
    errors: (window) => `(${rate(errors.metric, errors.matchers, window)} or vector(0))`,
    describeErrors: `counted on ${sli.errors}`,
    ...(histogram === undefined
      ? {}
      : {
          latency: {
            unit: histogram.unit === "seconds" ? "s" : "ms",
            count: (window) => rate(`${histogram.metric}_count`, histogram.matchers, window),
            fasterThan: (thresholdMs, window) => `(${rate(`${histogram.metric}_bucket`, histogram.matchers, window, boundMatcher(histogramBound(thresholdMs, histogram.unit)))} or vector(0))`,
            buckets: (window) => `sum by (le) (rate(${series(`${histogram.metric}_bucket`, histogram.matchers, window)}))`,
            fixture: () => ({
              bucket: (thresholdMs) => fixtureSeries(`${histogram.metric}_bucket`, histogram.matchers, scope, { le: thresholdMs === "+Inf" ? "+Inf" : String(histogramBound(thresholdMs, histogram.unit)) }),
              count: fixtureSeries(`${histogram.metric}_count`, histogram.matchers, scope),
            }),
          },
        }),
    fixture: () => fixtureOf(requests, errors, scope),
  };
}

/** Errors counted on the request counter are the failed ones among the requests: its matchers and theirs. */
function errorsAmong(requests: SeriesSelector, errors: SeriesSelector): SeriesSelector {
  return errors.metric === requests.metric ? { metric: errors.metric, matchers: [...requests.matchers, ...errors.matchers] } : errors;
}

function selectorOf(text: string): SeriesSelector {
  const selector = parseSeriesSelector(text);
  if (typeof selector === "string") throw new Error(`SLI selector "${text}" ${selector}`); // the schema refused it already
  return selector;
}

/**
 * Where a fixture counts requests. One counter with an error matcher: a good request on a series
 * the error matchers refuse, a failed one on a series they pass. Two counters: every request on the
 * request counter, a failed one on the error counter too.
 */
function fixtureOf(requests: SeriesSelector, errors: SeriesSelector, scope: Record<string, string>): ReturnType<RequestSignals["fixture"]> {
  if (requests.metric !== errors.metric) {
    const all = fixtureSeries(requests.metric, requests.matchers, scope);
    return { good: [all], bad: [all, fixtureSeries(errors.metric, errors.matchers, scope)] };
  }
  const good = labelsSatisfyingExcept(requests.matchers, errors.matchers, scope);
  const bad = labelsSatisfying([...requests.matchers, ...errors.matchers], scope);
  if (good === undefined || bad === undefined) throw new Error(`no series passes ${good === undefined ? "the request matchers and fails the error matchers" : "both the request and the error matchers"} of ${requests.metric}`);
  return { good: [`${requests.metric}${labelSet(good)}`], bad: [`${requests.metric}${labelSet(bad)}`] };
}

function fixtureSeries(metric: string, matchers: readonly LabelMatcher[], scope: Record<string, string>, extra: Record<string, string> = {}): SeriesId {
  const labels = labelsSatisfying(matchers, scope);
  if (labels === undefined) throw new Error(`no series passes the matchers of ${metric}: give them plain values`);
  return `${metric}${labelSet({ ...labels, ...extra })}`;
}
