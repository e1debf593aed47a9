// A serving workload's SLO and where its SLIs come from: Istio's request metrics (the sidecar
// measures every request), or the service's own metrics (a pair of request counters and a latency
// histogram, scraped by slipway's ServiceMonitor) for a cluster without a mesh.
import { z } from "zod";
import { percent } from "../formats.js";
import { parseSeriesSelector } from "../series-selector.js";

/** Istio's default buckets for istio_request_duration_milliseconds: a latency SLI can only cut at one of them. */
export const ENVOY_LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

/** Labels slipway's ServiceMonitor gives every series of a service, which scope its SLI: the selectors may not set them. */
export const SLI_SCOPE_LABELS = ["namespace", "service"] as const;

const seriesSelector = (example: string) =>
  z.string().superRefine((text, ctx) => {
    const selector = parseSeriesSelector(text);
    if (typeof selector === "string") {
      ctx.addIssue({ code: "custom", message: `"${text}" ${selector}` });
      return;
    }
    for (const { label } of selector.matchers.filter(({ label }) => (SLI_SCOPE_LABELS as readonly string[]).includes(label))) {
      ctx.addIssue({ code: "custom", message: `"${text}" matches on ${label}, which slipway sets to the service's own (${SLI_SCOPE_LABELS.join(" and ")} of its ServiceMonitor); remove the matcher, e.g. ${example}` });
    }
  });

const counterSelector = (example: string) =>
  seriesSelector(example).superRefine((text, ctx) => {
    const selector = parseSeriesSelector(text);
    if (typeof selector !== "string" && !/_(total|count)$/.test(selector.metric)) {
      ctx.addIssue({ code: "custom", message: `${selector.metric} is not a counter by its name (*_total, or a histogram's *_count): an SLI is a rate of counted requests, e.g. ${example}` });
    }
  });

const IstioSliSchema = z.strictObject({
  source: z.literal("istio").describe("Istio's destination-side request metrics (istio_requests_total, istio_request_duration_milliseconds): needs the mesh."),
});

const MetricsSliSchema = z
  .strictObject({
    source: z.literal("metrics").describe("The service's own metrics, scraped from its metrics port by slipway's ServiceMonitor."),
    requests: counterSelector("http_requests_total").describe(
      'Counter of every request the SLO counts, as a series selector: http_requests_total, or http_requests_total{handler!="/health"}. slipway adds the service\'s namespace and service matchers.',
    ),
    errors: counterSelector('http_requests_total{code=~"5.."}').describe(
      'Counter of the requests that failed, as a series selector: http_requests_total{code=~"5.."}, or a counter of its own. On the request counter, the request matchers apply too: the errors are the failed ones among the requests.',
    ),
    latency: z
      .strictObject({
        histogram: seriesSelector("http_request_duration_seconds")
          .refine((text) => !/_(bucket|count|sum)(\{|$)/.test(text), { error: "name the histogram without its _bucket, _count or _sum suffix, e.g. http_request_duration_seconds" })
          .describe('The latency histogram by its base name, with optional matchers: http_request_duration_seconds{handler!="/health"}. Its _bucket and _count series are read.'),
        unit: z.enum(["seconds", "milliseconds"]).default("seconds").describe("The unit the histogram measures in. @default seconds (the Prometheus convention)."),
        buckets: z
          .array(z.number().positive({ error: "a bucket bound is a positive number" }))
          .min(1)
          .describe("The histogram's bucket bounds (its le values, in its unit) as the service exports them: slo.latency.thresholdMs must be one of them."),
      })
      .optional()
      .describe("The latency histogram: required when the SLO has a latency objective."),
  })
  .describe("SLIs from the service's own metrics.");

export const SliSourceSchema = z
  .discriminatedUnion("source", [IstioSliSchema, MetricsSliSchema])
  .meta({ id: "SliSource", description: "Where the SLIs come from: istio (its request metrics) or metrics (the service's own counters and histogram)." });

export type SliSource = z.output<typeof SliSourceSchema>;
export type MetricsSli = Extract<SliSource, { source: "metrics" }>;

export const SloSchema = z
  .strictObject({
    availability: percent("slo.availability").describe("Availability objective in %, e.g. 99.9: share of requests without a server error."),
    latency: z
      .strictObject({
        thresholdMs: z.number().positive().describe("Requests slower than this count as bad: a bucket bound of the SLI's histogram (Istio's: 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, …)."),
        objective: percent("slo.latency.objective").default(99).describe("% of requests faster than the threshold (99: a P99 target)."),
      })
      .optional()
      .describe("Latency objective: a share of requests faster than a threshold."),
    sli: SliSourceSchema.default({ source: "istio" }).describe("Where the SLIs come from. @default { source: istio }"),
    period: z
      .string()
      .regex(/^[0-9]+d$/, { error: 'use a number of days, e.g. "30d"' })
      .refine((period) => Number.parseInt(period, 10) >= 7 && Number.parseInt(period, 10) <= 90, { error: "the SLO period must be between 7d and 90d" })
      .default("30d")
      .describe("SLO period. Burn-rate factors derive from it (14.4, 6, 3 and 1 for 30 days)."),
    minRequestsPerMinute: z
      .number()
      .min(0)
      .default(1)
      .describe("Low-traffic guard: burn-rate alerts stay silent unless the long window averaged at least this many requests per minute."),
  })
  .superRefine((slo, ctx) => {
    if (slo.latency === undefined) return;
    const { thresholdMs } = slo.latency;
    if (slo.sli.source === "istio") {
      if (!ENVOY_LATENCY_BUCKETS_MS.includes(thresholdMs)) {
        ctx.addIssue({
          code: "custom",
          path: ["latency", "thresholdMs"],
          message: `${thresholdMs} ms is not a bucket bound of Istio's request duration histogram, so it cannot be measured; use one of ${ENVOY_LATENCY_BUCKETS_MS.filter((value) => value >= 5 && value <= 10000).join(", ")}`,
        });
      }
      return;
    }
    const histogram = slo.sli.latency;
    if (histogram === undefined) {
      ctx.addIssue({ code: "custom", path: ["sli", "latency"], message: "the SLO has a latency objective: name the histogram that measures it (sli.latency.histogram, unit and buckets), or remove slo.latency" });
      return;
    }
    const bound = histogramBound(thresholdMs, histogram.unit);
    if (!histogram.buckets.includes(bound)) {
      ctx.addIssue({
        code: "custom",
        path: ["latency", "thresholdMs"],
        message: `${thresholdMs} ms (${bound} in ${histogram.unit}) is not a bucket bound of ${histogram.histogram}, so it cannot be measured; use one of ${histogram.buckets.map((value) => `${thresholdInMs(value, histogram.unit)}`).join(", ")} ms, or add the bound to the service's histogram and to sli.latency.buckets`,
      });
    }
  })
  .describe("Service level objectives: multi-window, multi-burn-rate alerts and error-budget recordings.");

/** The threshold as the histogram's `le` bound in its unit. */
export function histogramBound(thresholdMs: number, unit: "seconds" | "milliseconds"): number {
  return unit === "seconds" ? Number((thresholdMs / 1000).toPrecision(12)) : thresholdMs;
}

function thresholdInMs(bound: number, unit: "seconds" | "milliseconds"): number {
  return unit === "seconds" ? Number((bound * 1000).toPrecision(12)) : bound;
}
