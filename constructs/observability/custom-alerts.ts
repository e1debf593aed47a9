// A service's own alerts from the spec, with ${service} and ${namespace} filled in per environment.
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import { fillPlaceholders } from "../../spec/promql-query.js";
import { type Rule, runbookUrl } from "./slo-rules.js";

export function customAlertRules(node: ServiceNode, alerts: ServiceSpec["alerts"], environment: EnvironmentSpec): Rule[] {
  const fill = (text: string) => fillPlaceholders(text, { service: node.name, namespace: node.namespace });
  return alerts.map((alert) => ({
    alert: alert.name,
    expr: fill(alert.expr),
    ...(alert.for === undefined ? {} : { for: alert.for }),
    labels: { service: node.name, namespace: node.namespace, severity: environment.alerting.severity[alert.severity] },
    annotations: {
      summary: fill(alert.summary),
      ...(alert.description === undefined ? {} : { description: fill(alert.description) }),
      runbook_url: runbookUrl(environment, alert.name),
    },
  }));
}
