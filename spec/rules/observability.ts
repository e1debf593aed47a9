// What monitoring needs from the spec: SLIs come from a source that exists, alerts link to runbooks,
// custom alerts use known placeholders and unique names, dashboard uids fit Grafana's 40 characters.
import { isMeshed } from "../environment-settings.js";
import { errorBudget, fastestBurnRateFactor } from "../slo.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { isBatch } from "../schema/service.js";
import { metricsOf, serving } from "../workload.js";
import type { MetricsSli } from "../schema/slo.js";
import type { ServiceSpec } from "../schema/service.js";
import { labelsSatisfying, labelsSatisfyingExcept, parseSeriesSelector } from "../series-selector.js";
import { placeholderProblem } from "../promql-query.js";
import type { FieldIssue } from "../zod-issues.js";


export function observabilityRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const services = Object.entries(environment.services);
  const rendersRules = environment.prometheus.operator;
  const hasAlerts = environment.alerting.workloadAlerts || services.some(([, service]) => serving(service)?.slo !== undefined || isBatch(service) || service.alerts.length > 0);
  if (rendersRules && hasAlerts && environment.alerting.runbookBaseUrl === undefined) {
    issues.push({ path: ["alerting", "runbookBaseUrl"], message: "required: alerts link to a runbook at <runbookBaseUrl>/<alertname>; set e.g. https://runbooks.example.com" });
  }
  for (const [name, service] of services) {
    const at = (...path: PropertyKey[]) => ["services", name, ...path];
    const slo = serving(service)?.slo;
    if (slo?.sli.source === "istio" && !isMeshed(environment)) {
      issues.push({
        path: at("slo", "sli"),
        message: `this SLO is measured from Istio's request metrics, and environment "${environment.name}" has no mesh: measure it from the service's own metrics (sli: { source: metrics, requests: …, errors: … }), enable mesh.injection, or remove the SLO here (slo: null in this environment's overrides)`,
      });
    }
    if (slo?.sli.source === "metrics") issues.push(...metricsSliIssues(slo.sli, service, environment).map(({ path, message }) => ({ path: at("slo", "sli", ...path), message })));
    if (slo !== undefined) {
      const factor = fastestBurnRateFactor(slo.period);
      const objectives: [PropertyKey[], number][] = [[["slo", "availability"], slo.availability]];
      if (slo.latency) objectives.push([["slo", "latency", "objective"], slo.latency.objective]);
      for (const [path, objective] of objectives) {
        if (factor * errorBudget(objective) >= 1) {
          issues.push({
            path: at(...path),
            message: `with an objective of ${objective} % the page alert would need more than 100 % of requests to fail (${factor} × ${errorBudget(objective)}), so it could never fire; use an objective above ${(100 - 100 / factor).toFixed(2)} %`,
          });
        }
      }
    }
    const seen = new Set<string>();
    service.alerts.forEach((alert, index) => {
      if (seen.has(alert.name)) issues.push({ path: at("alerts", index, "name"), message: `alert "${alert.name}" is declared twice` });
      seen.add(alert.name);
      for (const field of ["expr", "summary", "description"] as const) {
        const problem = placeholderProblem(alert[field] ?? "");
        if (problem !== undefined) issues.push({ path: at("alerts", index, field), message: problem });
      }
    });
    const uid = service.dashboard.uid ?? `${name}-${environment.name}`;
    if (service.dashboard.enabled && uid.length > 40) {
      issues.push({ path: at("dashboard", "uid"), message: `the dashboard uid "${uid}" is ${uid.length} characters; Grafana allows 40: set dashboard.uid` });
    }
  }
  return issues;
}

/**
 * An SLI from the service's own metrics needs them scraped (a metrics port, and prometheus-operator
 * to read the ServiceMonitor), and error matchers that leave some requests good.
 */
function metricsSliIssues(sli: MetricsSli, service: ServiceSpec, environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (metricsOf(service).length === 0) {
    issues.push({ path: ["source"], message: "the SLI reads the service's own metrics, and it declares no metrics endpoint to scrape them from: add metrics: { port: <its metrics port> }" });
  }
  if (!environment.prometheus.operator) {
    issues.push({ path: ["source"], message: `environment "${environment.name}" has prometheus.operator off, so nothing scrapes the service or evaluates the SLO's rules: turn it on, or remove the SLO here` });
  }
  const requests = parseSeriesSelector(sli.requests);
  const errors = parseSeriesSelector(sli.errors);
  if (typeof requests === "string" || typeof errors === "string") return issues; // the schema reported it
  if (requests.metric === errors.metric) {
    if (labelsSatisfyingExcept(requests.matchers, errors.matchers) === undefined) {
      issues.push({ path: ["errors"], message: `${sli.errors} counts every request ${sli.requests} counts, so every request would be an error: add a matcher for the failed ones, e.g. code=~"5.."` });
    } else if (labelsSatisfying([...requests.matchers, ...errors.matchers]) === undefined) {
      issues.push({ path: ["errors"], message: `no series passes both ${sli.requests} and ${sli.errors}, so no request could fail; check the matchers` });
    }
  }
  return issues;
}
