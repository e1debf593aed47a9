// SLOs without a mesh: an SLI read from the service's own metrics renders the same burn-rate rules
// and budget recordings as Istio's, scoped to the service by its ServiceMonitor's labels; the
// dashboard takes its request panels from the same source, and shows none without one.
import { describe, expect, it } from "vitest";
import { baseConfig, findObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;

const APP_SLI = {
  source: "metrics",
  requests: 'http_requests_total{handler!="/healthz"}',
  errors: 'http_requests_total{code=~"5.."}',
  latency: { histogram: "http_request_duration_seconds", unit: "seconds", buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1] },
} as const;

/** The shop platform without a mesh; web has a metrics port and the SLO given. */
function shop(slo: Json | undefined, web: Json = {}): TestConfig {
  const config = baseConfig({}, { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } } as never);
  Object.assign(config.services.web as Json, {
    ports: [
      { name: "http", port: 8080 },
      { name: "metrics", port: 9090 },
    ],
    metrics: { port: "metrics" },
    ...(slo === undefined ? {} : { slo }),
    ...web,
  });
  return config;
}

const rulesOf = (config: TestConfig) => (findObject(renderInline(config), "PrometheusRule", "web").spec as Json).groups.flatMap((group: Json) => group.rules);
const dashboardOf = (config: TestConfig) => JSON.parse(Object.values((findObject(renderInline(config), "ConfigMap", "web-dashboard") as Json).data)[0] as string);

describe("an SLO in an environment without a mesh", () => {
  it("measured from Istio (the only source before) is refused, naming the service's own metrics as the fix", () => {
    expect(specErrors(shop({ availability: 99.9 }))).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli: this SLO is measured from Istio's request metrics, and environment "dev" has no mesh: measure it from the service's own metrics \(sli: \{ source: metrics/),
    );
  });

  it("measured from the service's own counters renders the burn-rate rules over them, scoped by namespace and service, errors among the requests", () => {
    const rules = rulesOf(shop({ availability: 99.9, latency: { thresholdMs: 50, objective: 99 }, sli: APP_SLI }));
    const fiveMinutes = rules.filter((rule: Json) => rule.record === "slo:sli_error:ratio_rate5m");
    expect(fiveMinutes.map((rule: Json) => [rule.labels.slo, rule.expr])).toEqual([
      [
        "availability",
        '(sum(rate(http_requests_total{namespace="shop",service="web",handler!="/healthz",code=~"5.."}[5m])) or vector(0))\n/\nsum(rate(http_requests_total{namespace="shop",service="web",handler!="/healthz"}[5m]))',
      ],
      [
        "latency",
        '(sum(rate(http_request_duration_seconds_count{namespace="shop",service="web"}[5m])) - (sum(rate(http_request_duration_seconds_bucket{namespace="shop",service="web",le="0.05"}[5m])) or vector(0)))\n/\nsum(rate(http_request_duration_seconds_count{namespace="shop",service="web"}[5m]))',
      ],
    ]);
    // The low-traffic guard counts the same requests.
    expect(rules.find((rule: Json) => rule.record === "slo:sli_requests:rate1h").expr).toBe('sum(rate(http_requests_total{namespace="shop",service="web",handler!="/healthz"}[1h]))');
    expect(rules.filter((rule: Json) => rule.alert !== undefined).map((rule: Json) => rule.alert)).toEqual(["WebAvailabilityFastBurn", "WebAvailabilitySlowBurn", "WebLatencyFastBurn", "WebLatencySlowBurn"]);
    expect(JSON.stringify(rules)).not.toContain("istio_");
  });

  it("reads a separate error counter as it is, and a histogram in milliseconds at the threshold itself (an integer bound, either float form)", () => {
    const sli = { ...APP_SLI, errors: "http_requests_failed_total", latency: { histogram: 'rpc_latency_ms{kind="unary"}', unit: "milliseconds", buckets: [5, 10, 50] } };
    const rules = rulesOf(shop({ availability: 99.9, latency: { thresholdMs: 10 }, sli }));
    const [availability, latency] = rules.filter((rule: Json) => rule.record === "slo:sli_error:ratio_rate5m").map((rule: Json) => rule.expr);
    expect(availability).toContain('(sum(rate(http_requests_failed_total{namespace="shop",service="web"}[5m])) or vector(0))');
    expect(latency).toContain('rpc_latency_ms_bucket{namespace="shop",service="web",kind="unary",le=~"10(\\\\.0)?"}');
  });

  it("is a spec error when the SLI cannot measure it: threshold off the buckets, no histogram, no metrics endpoint, a scope matcher, a gauge, errors that are every request", () => {
    const errorsOf = (slo: Json, web: Json = {}) => specErrors(shop(slo, web));
    expect(errorsOf({ availability: 99.9, latency: { thresholdMs: 20 }, sli: APP_SLI })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.latency\.thresholdMs: 20 ms \(0\.02 in seconds\) is not a bucket bound of http_request_duration_seconds, so it cannot be measured; use one of 5, 10, 50, 100, 500, 1000 ms/),
    );
    expect(errorsOf({ availability: 99.9, latency: { thresholdMs: 50 }, sli: { ...APP_SLI, latency: undefined } })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli\.latency: the SLO has a latency objective: name the histogram that measures it/),
    );
    expect(errorsOf({ availability: 99.9, sli: APP_SLI }, { metrics: undefined })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli\.source: the SLI reads the service's own metrics, and it declares no metrics endpoint to scrape them from: add metrics: \{ port: <its metrics port> \}/),
    );
    expect(errorsOf({ availability: 99.9, sli: { ...APP_SLI, requests: 'http_requests_total{namespace="shop"}' } })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli\.requests: "http_requests_total\{namespace="shop"\}" matches on namespace, which slipway sets to the service's own/),
    );
    expect(errorsOf({ availability: 99.9, sli: { ...APP_SLI, requests: "http_requests_in_flight" } })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli\.requests: http_requests_in_flight is not a counter by its name/),
    );
    expect(errorsOf({ availability: 99.9, sli: { ...APP_SLI, requests: "sum(http_requests_total)" } })).toContainEqual(expect.stringMatching(/services\.web\.slo\.sli\.requests: "sum\(http_requests_total\)" is not a series selector/));
    expect(errorsOf({ availability: 99.9, sli: { ...APP_SLI, errors: 'http_requests_total{code!="x"}', requests: 'http_requests_total{code="500"}' } })).toContainEqual(
      expect.stringMatching(/services\.web\.slo\.sli\.errors: http_requests_total\{code!="x"\} counts every request http_requests_total\{code="500"\} counts, so every request would be an error/),
    );
    expect(errorsOf({ availability: 99.9, sli: { ...APP_SLI, latency: { ...APP_SLI.latency, histogram: "http_request_duration_seconds_bucket" } } })).toContainEqual(
      expect.stringMatching(/name the histogram without its _bucket, _count or _sum suffix/),
    );
  });
});

describe("a service's dashboard", () => {
  const titles = (dashboard: Json) => dashboard.panels.map((panel: Json) => panel.title);

  it("shows no request panels without an SLI source (it showed Istio panels that stay empty without a mesh)", () => {
    expect(titles(dashboardOf(shop(undefined)))).toEqual(["CPU used and requested", "Memory used and requested"]);
  });

  it("takes its request panels from the SLO's own metrics, latency in the histogram's unit", () => {
    const dashboard = dashboardOf(shop({ availability: 99.9, latency: { thresholdMs: 50 }, sli: APP_SLI }));
    expect(titles(dashboard)).toEqual(["Requests per second", "Error ratio", "Latency", "Error budget left (30d)", "CPU used and requested", "Memory used and requested"]);
    const latency = dashboard.panels.find((panel: Json) => panel.title === "Latency");
    expect(latency.fieldConfig.defaults.unit).toBe("s");
    expect(latency.targets[2].expr).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",service="web"}[$__rate_interval])))');
    expect(JSON.stringify(dashboard)).not.toContain("istio_");
  });

  it("takes them from Istio in a meshed environment, SLO or not", () => {
    const meshed = shop(undefined);
    Object.assign(meshed.environments.dev!, { mesh: { injection: true, cni: true } });
    const dashboard = dashboardOf(meshed);
    expect(titles(dashboard).slice(0, 3)).toEqual(["Requests per second by response code", "Error ratio", "Latency"]);
    expect(dashboard.panels[0].targets[0].expr).toBe('sum by (response_code) (rate(istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="web"}[$__rate_interval]))');
  });
});
