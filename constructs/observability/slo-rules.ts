// SLO rules of a service, after the multi-window, multi-burn-rate method (Google SRE Workbook,
// "Alerting on SLOs"; recording layout as Sloth's): the SLI error ratio recorded over seven
// windows, the error budget left over the period, and page/ticket alerts when two windows burn
// the budget too fast. SLIs come from the SLO's source: Istio's metrics or the service's own.
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { SloSpec } from "../../spec/workload.js";
import { BURN_RATE_ALERTS, burnRateFactor, errorBudget, SLI_WINDOWS, type SliWindow } from "../../spec/slo.js";
import { upperCamel } from "../../spec/case.js";
import { type RequestSignals, signalsOf } from "./sli/request-signals.js";

export type RuleGroup = NonNullable<IPrometheusRule["spec"]["groups"]>[number];
export type Rule = NonNullable<RuleGroup["rules"]>[number];
type Slo = SloSpec;

export interface Sli {
  readonly kind: "availability" | "latency";
  /** Objective in %. */
  readonly objective: number;
  /** Rate of bad requests, as one parenthesised expression (0, not nothing, when there are none). */
  readonly errors: (window: SliWindow) => string;
  readonly total: (window: SliWindow) => string;
  readonly describeBad: string;
}

export function slisOf(signals: RequestSignals, slo: Slo): Sli[] {
  const availability: Sli = { kind: "availability", objective: slo.availability, errors: signals.errors, total: signals.requests, describeBad: signals.describeErrors };
  if (slo.latency === undefined || signals.latency === undefined) return [availability];
  const { thresholdMs, objective } = slo.latency;
  const { count, fasterThan } = signals.latency;
  const latency: Sli = {
    kind: "latency",
    objective,
    errors: (window) => `(${count(window)} - ${fasterThan(thresholdMs, window)})`,
    total: count,
    describeBad: `took longer than ${thresholdMs} ms`,
  };
  return [availability, latency];
}

export function sloRuleGroups(node: ServiceNode, slo: Slo, environment: EnvironmentSpec): RuleGroup[] {
  const signals = signalsOf(node, slo.sli);
  const slis = slisOf(signals, slo);
  const scope = { service: node.name, namespace: node.namespace };
  const match = (labels: Record<string, string>) => `{${Object.entries(labels).map(([key, value]) => `${key}="${value}"`).join(",")}}`;
  const longWindows = [...new Set(BURN_RATE_ALERTS.map(({ long }) => long))];

  const recordings: Rule[] = [
    ...slis.flatMap((sli) =>
      SLI_WINDOWS.map((window) => ({
        record: `slo:sli_error:ratio_rate${window}`,
        expr: `${sli.errors(window)}\n/\n${sli.total(window)}`,
        labels: { ...scope, slo: sli.kind },
      })),
    ),
    ...longWindows.map((window) => ({
      record: `slo:sli_requests:rate${window}`,
      expr: signals.requests(window),
      labels: scope,
    })),
  ];

  const budget: Rule[] = slis.flatMap((sli) => {
    const labels = { ...scope, slo: sli.kind };
    const fiveMinutes = `slo:sli_error:ratio_rate5m${match(labels)}`;
    return [
      {
        record: `slo:sli_error:ratio_rate${slo.period}`,
        expr: `sum_over_time(${fiveMinutes}[${slo.period}])\n/\ncount_over_time(${fiveMinutes}[${slo.period}])`,
        labels,
      },
      {
        record: "slo:error_budget_remaining:ratio",
        expr: `1 - slo:sli_error:ratio_rate${slo.period}${match(labels)} / ${errorBudget(sli.objective)}`,
        labels,
      },
    ];
  });

  const alerts: Rule[] = slis.flatMap((sli) =>
    (["page", "ticket"] as const).map((severity) => burnRateAlert(node, slo, sli, severity, environment)),
  );

  return [
    { name: `${node.name}-slo-sli`, rules: recordings },
    { name: `${node.name}-slo-budget`, rules: budget },
    { name: `${node.name}-slo-alerts`, rules: alerts },
  ];
}

export function sloAlertName(service: string, kind: Sli["kind"], severity: "page" | "ticket"): string {
  return `${upperCamel(service)}${upperCamel(kind)}${severity === "page" ? "FastBurn" : "SlowBurn"}`;
}

function burnRateAlert(node: ServiceNode, slo: Slo, sli: Sli, severity: "page" | "ticket", environment: EnvironmentSpec): Rule {
  const labels = { service: node.name, namespace: node.namespace, slo: sli.kind };
  const match = `{service="${node.name}",namespace="${node.namespace}",slo="${sli.kind}"}`;
  const guard = `{service="${node.name}",namespace="${node.namespace}"}`;
  const budget = errorBudget(sli.objective);
  const windows = BURN_RATE_ALERTS.filter((alert) => alert.severity === severity);
  const conditions = windows.map(({ short, long, budgetSpent }) => {
    const factor = burnRateFactor(budgetSpent, long, slo.period);
    return [
      "(",
      `  slo:sli_error:ratio_rate${short}${match} > (${factor} * ${budget})`,
      "  and",
      `  slo:sli_error:ratio_rate${long}${match} > (${factor} * ${budget})`,
      "  and on(service, namespace)",
      `  slo:sli_requests:rate${long}${guard} > (${slo.minRequestsPerMinute} / 60)`,
      ")",
    ].join("\n");
  });
  const name = sloAlertName(node.name, sli.kind, severity);
  const factors = windows.map(({ long, budgetSpent }) => `${burnRateFactor(budgetSpent, long, slo.period)}× over ${long}`).join(" or ");
  return {
    alert: name,
    expr: conditions.join("\nor\n"),
    labels: { ...labels, severity: environment.alerting.severity[severity] },
    annotations: {
      summary: `${node.name} is burning its ${sli.kind} error budget ${severity === "page" ? "fast" : "steadily"}`,
      description: `Too many of ${node.name}'s requests in ${node.namespace} ${sli.describeBad} (objective ${sli.objective} % over ${slo.period}): the error budget burns at least ${factors} the sustainable rate.`,
      runbook_url: runbookUrl(environment, name),
    },
  };
}

export function runbookUrl(environment: EnvironmentSpec, alert: string): string {
  return `${(environment.alerting.runbookBaseUrl ?? "").replace(/\/+$/, "")}/${alert.toLowerCase()}`;
}
