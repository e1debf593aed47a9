import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { burnRateFactor } from "../../spec/slo.js";
import { objectNamed } from "../support/allow-sets.js";
import { baseConfig, health, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;

const api = {
  image: { repository: "api", tag: "1.0.0" },
  ports: [
    { name: "http", port: 80, containerPort: 8080 },
    { name: "metrics", port: 9090 },
  ],
  probes: health,
  metrics: { port: "metrics", path: "/prom", interval: "15s" },
  autoscaling: { min: 2, max: 6, cpu: 70 },
  slo: { availability: 99.9, latency: { thresholdMs: 250 } },
};
const meshed = {
  namespaces: { shop: {} },
  mesh: { injection: true, cni: true },
  prometheus: { selector: { release: "kps" } },
  alerting: { runbookBaseUrl: "https://runbooks.example.com/shop/", severity: { page: "critical", ticket: "warning" } },
};

function config(service: object = {}, environment: object = {}): TestConfig {
  return baseConfig({ api: { ...api, ...service } }, { ...meshed, ...environment });
}
const rulesOf = (objects: KubeObject[], name: string) => spec(objectNamed(objects, "PrometheusRule", name)).groups as Json[];

describe("scraping", () => {
  const objects = renderInline(config());

  it("renders a ServiceMonitor for the metrics port that selects the service, with Istio certificates under STRICT mTLS", () => {
    const monitor = objectNamed(objects, "ServiceMonitor", "api");
    expect(monitor.metadata.labels).toMatchObject({ release: "kps", "app.kubernetes.io/name": "api" });
    expect(spec(monitor)).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api-dev" } },
      namespaceSelector: { matchNames: ["shop"] },
      endpoints: [
        {
          port: "metrics",
          path: "/prom",
          interval: "15s",
          scheme: "https",
          tlsConfig: { caFile: "/etc/prom-certs/root-cert.pem", certFile: "/etc/prom-certs/cert-chain.pem", keyFile: "/etc/prom-certs/key.pem", insecureSkipVerify: true },
        },
      ],
    });
    expect(objectNamed(objects, "Service", "api").metadata.labels).toMatchObject(spec(monitor).selector.matchLabels);
  });

  it("scrapes plain HTTP without the mesh or when Prometheus has no mesh certificates", () => {
    for (const environment of [{ mesh: { injection: false } }, { prometheus: { mtls: false } }]) {
      const [endpoint] = spec(objectNamed(renderInline(config({ slo: undefined }, environment)), "ServiceMonitor", "api")).endpoints;
      expect(endpoint).toEqual({ port: "metrics", path: "/prom", interval: "15s" });
    }
  });

  it("scrapes every sidecar on 15090 through one PodMonitor per meshed namespace, never 15020", () => {
    const monitor = objectNamed(objects, "PodMonitor", "envoy-stats");
    expect(spec(monitor)).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/part-of": "shop", "app.kubernetes.io/managed-by": "slipway" } },
      namespaceSelector: { matchNames: ["shop"] },
      jobLabel: "envoy-stats",
      podMetricsEndpoints: [{ port: "http-envoy-prom", path: "/stats/prometheus", interval: "30s" }],
    });
    expect(JSON.stringify(objects)).not.toContain("15020");
    for (const deployment of objects.filter((object) => object.kind === "Deployment")) {
      expect(spec(deployment).template.metadata.labels).toMatchObject(spec(monitor).selector.matchLabels);
    }
  });

  it("renders no monitors or rules where the cluster has no prometheus-operator", () => {
    const kinds = renderInline(config({}, { prometheus: { operator: false } })).map((object) => object.kind);
    expect(kinds).not.toContain("ServiceMonitor");
    expect(kinds).not.toContain("PodMonitor");
    expect(kinds).not.toContain("PrometheusRule");
    expect(kinds).toContain("ConfigMap");
  });
});

describe("SLO rules", () => {
  const groups = rulesOf(renderInline(config()), "api");

  it("record the error ratio over seven windows per SLI, request rates for the guard, and the budget left", () => {
    expect(groups.map((group) => group.name)).toEqual(["api-slo-sli", "api-slo-budget", "api-slo-alerts"]);
    const records = groups[0]!.rules.map((rule: Json) => `${rule.record}{${rule.labels.slo ?? ""}}`);
    for (const slo of ["availability", "latency"]) {
      for (const window of ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]) expect(records).toContain(`slo:sli_error:ratio_rate${window}{${slo}}`);
    }
    expect(records.filter((record: string) => record.startsWith("slo:sli_requests"))).toEqual(["slo:sli_requests:rate1h{}", "slo:sli_requests:rate6h{}", "slo:sli_requests:rate1d{}", "slo:sli_requests:rate3d{}"]);
    expect(groups[1]!.rules.map((rule: Json) => rule.record)).toEqual(["slo:sli_error:ratio_rate30d", "slo:error_budget_remaining:ratio", "slo:sli_error:ratio_rate30d", "slo:error_budget_remaining:ratio"]);
    expect(groups[1]!.rules[1].expr).toBe('1 - slo:sli_error:ratio_rate30d{service="api",namespace="shop",slo="availability"} / 0.001');
  });

  it("measure availability as 5xx over all requests, reported by the destination", () => {
    const [fiveMinutes] = groups[0]!.rules;
    expect(fiveMinutes.expr).toBe(
      '(sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="api",response_code=~"5.."}[5m])) or vector(0))\n/\nsum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="shop",destination_workload="api"}[5m]))',
    );
  });

  it("measure latency at the threshold's bucket, in both the 2.x and 3.x spelling of le", () => {
    const latency = groups[0]!.rules.find((rule: Json) => rule.labels.slo === "latency");
    expect(latency.expr).toContain('le=~"250(\\\\.0)?"');
  });

  it("count gRPC server errors for services that speak gRPC", () => {
    const grpc = rulesOf(renderInline(config({ ports: [{ name: "grpc", port: 9000, protocol: "grpc" }, { name: "metrics", port: 9090 }], probes: { readiness: { grpc: {} }, liveness: { grpc: {} } } })), "api");
    expect(grpc[0]!.rules[0].expr).toContain('grpc_response_status=~"2|4|12|13|14|15"');
  });

  it("page on 14.4× over 5m and 1h or 6× over 30m and 6h; ticket on 3× over 2h and 1d or 1× over 6h and 3d", () => {
    const [page, ticket] = groups[2]!.rules.filter((rule: Json) => rule.labels.slo === "availability");
    expect(page.alert).toBe("ApiAvailabilityFastBurn");
    expect(page.labels).toEqual({ service: "api", namespace: "shop", slo: "availability", severity: "critical" });
    expect(page.expr).toMatch(/ratio_rate5m\{[^}]*\} > \(14\.4 \* 0\.001\)\n {2}and\n {2}slo:sli_error:ratio_rate1h\{[^}]*\} > \(14\.4 \* 0\.001\)/);
    expect(page.expr).toMatch(/ratio_rate30m\{[^}]*\} > \(6 \* 0\.001\)[\s\S]*ratio_rate6h\{[^}]*\} > \(6 \* 0\.001\)/);
    expect(page.expr).toContain('slo:sli_requests:rate1h{service="api",namespace="shop"} > (1 / 60)');
    expect(ticket.alert).toBe("ApiAvailabilitySlowBurn");
    expect(ticket.labels.severity).toBe("warning");
    expect(ticket.expr).toMatch(/ratio_rate2h\{[^}]*\} > \(3 \* 0\.001\)[\s\S]*ratio_rate1d[\s\S]*ratio_rate6h\{[^}]*\} > \(1 \* 0\.001\)[\s\S]*ratio_rate3d/);
    expect(page.annotations).toEqual({
      summary: "api is burning its availability error budget fast",
      description: "Too many of api's requests in shop failed with a 5xx (objective 99.9 % over 30d): the error budget burns at least 14.4× over 1h or 6× over 6h the sustainable rate.",
      runbook_url: "https://runbooks.example.com/shop/apiavailabilityfastburn",
    });
  });

  it("derive the burn-rate factors from the SLO period", () => {
    expect([burnRateFactor(0.02, "1h", "30d"), burnRateFactor(0.05, "6h", "30d"), burnRateFactor(0.1, "1d", "30d"), burnRateFactor(0.1, "3d", "30d")]).toEqual([14.4, 6, 3, 1]);
    expect(burnRateFactor(0.02, "1h", "28d")).toBe(13.44);
    const page = rulesOf(renderInline(config({ slo: { availability: 99.9, period: "28d" } })), "api")[2]!.rules[0];
    expect(page.expr).toContain("(13.44 * 0.001)");
  });

  it("reject thresholds that are not histogram bounds, objectives the page alert could never reach, and SLOs without a mesh", () => {
    expect(specErrors(config({ slo: { availability: 99.9, latency: { thresholdMs: 300 } } })).join("\n")).toContain("services.api.slo.latency.thresholdMs: 300 ms is not a bucket bound of Istio's request duration histogram");
    expect(specErrors(config({ slo: { availability: 90 } })).join("\n")).toContain("services.api.slo.availability: with an objective of 90 % the page alert would need more than 100 % of requests to fail");
    expect(specErrors(config({}, { mesh: { injection: false } })).join("\n")).toContain('services.api.slo.sli: this SLO is measured from Istio\'s request metrics, and environment "dev" has no mesh: measure it from the service\'s own metrics');
  });
});

describe("alerts", () => {
  it("fill ${service} and ${namespace} in custom alerts and link their runbook", () => {
    const objects = renderInline(
      config({ alerts: [{ name: "ApiDown", expr: 'sum(up{namespace="${namespace}",service="${service}"}) == 0', for: "2m", severity: "page", summary: "${service} is down in ${namespace}" }] }),
    );
    const custom = rulesOf(objects, "api").find((group) => group.name === "api-alerts")!;
    expect(custom.rules).toEqual([
      {
        alert: "ApiDown",
        expr: 'sum(up{namespace="shop",service="api"}) == 0',
        for: "2m",
        labels: { service: "api", namespace: "shop", severity: "critical" },
        annotations: { summary: "api is down in shop", runbook_url: "https://runbooks.example.com/shop/apidown" },
      },
    ]);
  });

  it("reject unknown placeholders, duplicate names, and alerts without a runbook base URL", () => {
    const errors = specErrors(
      config(
        {
          alerts: [
            { name: "ApiDown", expr: "up{job=\"${job}\"} == 0", summary: "down" },
            { name: "ApiDown", expr: "up == 0", summary: "down" },
          ],
        },
        { alerting: {} },
      ),
    ).join("\n");
    expect(errors).toContain("services.api.alerts[0].expr: unknown placeholder ${job}; use ${service} or ${namespace}");
    expect(errors).toContain('services.api.alerts[1].name: alert "ApiDown" is declared twice');
    expect(errors).toContain("environments.dev.alerting.runbookBaseUrl: required: alerts link to a runbook");
  });

  it("render workload alerts only when the environment opts in, scoped to the namespace", () => {
    expect(renderInline(config()).some((object) => object.metadata.name === "workload-alerts")).toBe(false);
    const objects = renderInline(config({}, { alerting: { ...meshed.alerting, workloadAlerts: true } }));
    const group = rulesOf(objects, "workload-alerts")[0]!;
    expect(group.rules.map((rule: Json) => rule.alert)).toEqual(["KubePodCrashLooping", "KubeDeploymentReplicasMismatch", "KubeHpaReplicasMismatch", "KubeHpaMaxedOut"]);
    for (const rule of group.rules) {
      expect(rule.expr).toContain('namespace="shop",job="kube-state-metrics"');
      expect(rule.for).toBe("15m");
      expect(rule.labels).toEqual({ namespace: "shop", severity: "warning" });
    }
  });
});

describe("dashboards", () => {
  const objects = renderInline(config({}, { dashboards: { folder: "Shop" } }));
  const configMap = objectNamed(objects, "ConfigMap", "api-dashboard");
  const dashboard = JSON.parse((configMap as Json).data["api.json"]);

  it("are ConfigMaps Grafana's sidecar picks up, in the configured folder", () => {
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: "1", "app.kubernetes.io/name": "api" });
    expect(configMap.metadata.annotations).toEqual({ grafana_folder: "Shop" });
  });

  it("are valid dashboard JSON with a uid of at most 40 characters and a data source variable", () => {
    expect(dashboard).toMatchObject({ uid: "api-dev", title: "shop / api (dev)", schemaVersion: 39, editable: false });
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    expect(dashboard.templating.list).toEqual([{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus" }]);
    const ids = dashboard.panels.map((panel: Json) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: "prometheus", uid: "${datasource}" });
      expect(panel.gridPos).toEqual({ x: expect.any(Number), y: expect.any(Number), w: 12, h: 8 });
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets) expect(target).toMatchObject({ datasource: { uid: "${datasource}" }, refId: expect.stringMatching(/^[A-Z]$/), expr: expect.any(String) });
    }
  });

  it("show traffic, errors, latency, error budget, CPU and memory against requests, and HPA replicas", () => {
    expect(dashboard.panels.map((panel: Json) => panel.title)).toEqual([
      "Requests per second by response code",
      "Error ratio",
      "Latency",
      "Error budget left (30d)",
      "CPU used and requested",
      "Memory used and requested",
      "HPA replicas",
    ]);
    expect(dashboard.panels[2].targets.map((target: Json) => target.legendFormat)).toEqual(["p50", "p95", "p99"]);
  });

  it("leave out the budget and HPA panels when there is no SLO or autoscaling", () => {
    const plain = renderInline(config({ slo: undefined, autoscaling: undefined, replicas: 2 }));
    const titles = JSON.parse((objectNamed(plain, "ConfigMap", "api-dashboard") as Json).data["api.json"]).panels.map((panel: Json) => panel.title);
    expect(titles).not.toContain("HPA replicas");
    expect(titles.some((title: string) => title.startsWith("Error budget"))).toBe(false);
  });

  it("reject a derived uid over 40 characters, suggesting dashboard.uid", () => {
    const long = baseConfig({ ["a".repeat(38)]: { ...api, slo: undefined } }, meshed);
    expect(specErrors(long).join("\n")).toContain(`services.${"a".repeat(38)}.dashboard.uid: the dashboard uid "${"a".repeat(38)}-dev" is 42 characters; Grafana allows 40: set dashboard.uid`);
  });
});
