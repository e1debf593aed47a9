// A service's Grafana dashboard: traffic, errors and latency from its SLI source (none without
// one), error budget left, CPU and memory against requests, HPA replicas. The data source is a
// template variable.
import type { Dashboard, Panel } from "@grafana/schema";
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import { serving } from "../../spec/workload.js";
import { type RequestSignals, requestSignalsOf } from "./sli/request-signals.js";

const DATASOURCE = { type: "prometheus", uid: "${datasource}" };
const WIDTH = 12;
const HEIGHT = 8;

export function dashboardUid(name: string, service: ServiceSpec, environment: EnvironmentSpec): string {
  return service.dashboard.uid ?? `${name}-${environment.name}`;
}

export function serviceDashboard(node: ServiceNode, service: ServiceSpec, environment: EnvironmentSpec): Dashboard {
  const slo = serving(service)?.slo;
  const pods = `namespace="${node.namespace}",pod=~"${node.name}-[a-z0-9]+-[a-z0-9]+"`;
  const signals = requestSignalsOf(node, service, environment);
  const specs: PanelSpec[] = [
    ...(signals ? requestPanels(signals) : []),
    ...(slo
      ? [{ title: `Error budget left (${slo.period})`, unit: "percentunit", type: "stat" as const, targets: [[`slo:error_budget_remaining:ratio{service="${node.name}",namespace="${node.namespace}"}`, "{{slo}}"]] as [string, string][] }]
      : []),
    {
      title: "CPU used and requested",
      unit: "short",
      targets: [
        [`sum by (pod) (rate(container_cpu_usage_seconds_total{${pods},container!="",container!="POD"}[$__rate_interval]))`, "{{pod}}"],
        [`sum(kube_pod_container_resource_requests{${pods},resource="cpu"}) / count(kube_pod_info{${pods}})`, "requested per pod"],
      ],
    },
    {
      title: "Memory used and requested",
      unit: "bytes",
      targets: [
        [`sum by (pod) (container_memory_working_set_bytes{${pods},container!="",container!="POD"})`, "{{pod}}"],
        [`sum(kube_pod_container_resource_requests{${pods},resource="memory"}) / count(kube_pod_info{${pods}})`, "requested per pod"],
      ],
    },
    ...(serving(service)?.autoscaling
      ? [
          {
            title: "HPA replicas",
            unit: "short",
            targets: (["status_current_replicas", "spec_min_replicas", "spec_max_replicas"] as const).map(
              (metric): [string, string] => [`kube_horizontalpodautoscaler_${metric}{namespace="${node.namespace}",horizontalpodautoscaler="${node.name}"}`, metric.replace(/_/g, " ")],
            ),
          },
        ]
      : []),
  ];
  return {
    uid: dashboardUid(node.name, service, environment),
    title: `${environment.platform.name} / ${node.name} (${environment.name})`,
    tags: [environment.platform.name, environment.name, "slipway"],
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    time: { from: "now-6h", to: "now" },
    refresh: "1m",
    timezone: "browser",
    templating: { list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus" }] },
    annotations: { list: [] },
    panels: specs.map((spec, index) => panel(spec, index)),
  };
}

/** Requests, error ratio and latency quantiles, from whatever measures the service's requests. */
function requestPanels(signals: RequestSignals): PanelSpec[] {
  const window = "$__rate_interval";
  const requests: [string, string][] = signals.breakdown
    ? [[signals.breakdown.requests(window), `{{${signals.breakdown.label}}}`]]
    : [
        [signals.requests(window), "all"],
        [signals.errors(window), "failed"],
      ];
  return [
    { title: signals.breakdown ? `Requests per second by ${signals.breakdown.label.replace(/_/g, " ")}` : "Requests per second", unit: "reqps", targets: requests },
    { title: "Error ratio", unit: "percentunit", targets: [[`${signals.errors(window)}\n/\n${signals.requests(window)}`, "failed"]] },
    ...(signals.latency
      ? [
          {
            title: "Latency",
            unit: signals.latency.unit,
            targets: ["0.5", "0.95", "0.99"].map((quantile): [string, string] => [`histogram_quantile(${quantile}, ${signals.latency!.buckets(window)})`, `p${Number(quantile) * 100}`]),
          },
        ]
      : []),
  ];
}

interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly type?: "timeseries" | "stat";
  /** [expression, legend] per query. */
  readonly targets: readonly (readonly [string, string])[];
}

function panel(spec: PanelSpec, index: number): Panel {
  return {
    id: index + 1,
    type: spec.type ?? "timeseries",
    title: spec.title,
    datasource: DATASOURCE,
    gridPos: { x: (index % 2) * WIDTH, y: Math.floor(index / 2) * HEIGHT, w: WIDTH, h: HEIGHT },
    fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
    targets: spec.targets.map(([expr, legendFormat], target) => ({ refId: String.fromCharCode(65 + target), datasource: DATASOURCE, expr, legendFormat })),
  };
}
