// PromQL lint over every rendered or accepted rule, with Prometheus's own grammar: quantiles that
// are not of bucket rates kept by le, and rates of gauges.
import { describe, expect, it } from "vitest";
import { renderEnvironment } from "../../cli/render.js";
import type { KubeObject } from "../../constructs/synth.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { baseConfig, resolveInline } from "../support/inline.js";

const schemas = SchemaCatalog.load();
const rule = (expr: string): KubeObject => ({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "rules", namespace: "shop" }, spec: { groups: [{ name: "g", rules: [{ alert: "A", expr, for: "5m", labels: { severity: "ticket" }, annotations: { summary: "s" } }] }] } });
const lint = (expr: string) =>
  runGate("test", [{ object: rule(expr) }], { profile: "restricted", schemas })
    .filter(({ rule: id }) => id.startsWith("promql/"))
    .map(({ rule: id, message }) => `${id}: ${message}`);

describe("promql/histogram-quantile", () => {
  it.each([
    ["sum by (le) (rate(x_bucket[5m]))"],
    ["sum by (le, service) (increase(x_bucket[1h]))"],
    ["sum without (pod) (rate(x_bucket[5m]))"],
    ["rate(x_bucket[5m])"],
    // A native histogram is rated whole.
    ["sum(rate(x_seconds[5m]))"],
  ])("passes histogram_quantile(0.9, %s)", (series) => {
    expect(lint(`histogram_quantile(0.9, ${series}) > 1`)).toEqual([]);
  });

  it.each([
    ["x_seconds", "alert A: histogram_quantile of x_seconds, which is no rate"],
    ["sum by (le) (x_bucket)", "alert A: histogram_quantile of sum by (le) (x_bucket), which is no rate"],
    ["sum(rate(x_bucket[5m]))", "alert A: histogram_quantile over sum without le"],
    ["sum without (le) (rate(x_bucket[5m]))", "alert A: histogram_quantile over sum without le"],
  ])("flags histogram_quantile(0.9, %s)", (series, message) => {
    expect(lint(`histogram_quantile(0.9, ${series}) > 1`)).toEqual([expect.stringContaining(`promql/histogram-quantile: ${message}`)]);
  });
});

describe("promql/rate-of-gauge", () => {
  it("passes rates of counters by name, flags a rate of anything else", () => {
    for (const expr of ["rate(http_requests_total[5m]) > 1", "increase(x_count[1h]) > 1", "rate(x_sum[5m]) / rate(x_count[5m]) > 1", "deriv(memory_bytes[10m]) > 1"]) expect(lint(expr), expr).toEqual([]);
    expect(lint("irate(memory_bytes[5m]) > 1")).toEqual(["promql/rate-of-gauge: alert A: irate(memory_bytes[…]) — memory_bytes is not a counter by its name"]);
  });
});

describe("in a spec", () => {
  it("stops a render whose custom alert is a quantile of a raw series, naming the alert and the environment", () => {
    const config = baseConfig({}, { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } } as never);
    (config.services.web as Record<string, any>).metrics = { port: "http" };
    (config.services.web as Record<string, any>).alerts = [{ name: "WebSlow", expr: "histogram_quantile(0.95, web_request_duration_seconds) > 0.2", for: "10m", severity: "ticket", summary: "web is slow" }];
    const errors = renderEnvironment(resolveInline(config)[0]!, schemas).findings.filter(({ severity }) => severity === "error");
    expect(errors.map(({ environment, rule: id, message }) => `${environment} ${id} ${message}`)).toEqual([expect.stringMatching(/^dev promql\/histogram-quantile alert WebSlow: histogram_quantile of web_request_duration_seconds, which is no rate/)]);
  });
});

describe("xo/promql-labels", () => {
  it("warns at render of a custom alert on a service label no ServiceMonitor gives (a typo), naming the alert and the environment", () => {
    const config = baseConfig({}, { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } } as never);
    const web = config.services.web as Record<string, any>;
    web.metrics = { port: "http" };
    web.alerts = [
      { name: "WebDown", expr: 'sum(up{namespace="${namespace}",service="${service}"}) == 0', for: "5m", severity: "page", summary: "web is down" },
      { name: "WebErrors", expr: 'sum(rate(http_requests_total{namespace="${namespace}",service="webb",code=~"5.."}[5m])) > 1', for: "5m", severity: "ticket", summary: "web fails" },
    ];
    const findings = renderEnvironment(resolveInline(config)[0]!, schemas).findings.filter(({ rule: id }) => id === "xo/promql-labels");
    expect(findings.map(({ environment, severity, message }) => `${environment} ${severity} ${message}`)).toEqual([
      'dev warning alert WebErrors: http_requests_total{namespace="shop",service="webb",code=~"5.."}: no ServiceMonitor in shop selects a Service webb (they scrape web)',
    ]);
  });
});

describe("queries outside PrometheusRules", () => {
  it("lints an Argo Rollouts analysis template's Prometheus queries, naming the metric; a templated label value reads as a value", () => {
    const template: KubeObject = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AnalysisTemplate",
      metadata: { name: "success-rate", namespace: "shop" },
      spec: {
        metrics: [
          { name: "p95", provider: { prometheus: { address: "http://prometheus:9090", query: "histogram_quantile(0.95, http_request_duration_seconds)" } } },
          { name: "templated", provider: { prometheus: { address: "http://prometheus:9090", query: 'sum(rate(x_total{service="{{args.service-name}}"}[5m]))' } } },
        ],
      },
    };
    const findings = runGate("test", [{ object: template }], { profile: "restricted", schemas }).filter(({ rule: id }) => id.startsWith("promql/"));
    expect(findings.map(({ rule: id, path, message }) => `${id} ${path}: ${message}`)).toEqual([
      "promql/histogram-quantile spec.metrics.0.provider.prometheus.query: analysis metric p95: histogram_quantile of http_request_duration_seconds, which is no rate: a quantile needs the rate of each bucket over a window",
    ]);
  });
});
