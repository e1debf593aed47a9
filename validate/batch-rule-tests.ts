// promtool unit tests for the alerts of jobs and cron jobs (constructs/observability/batch-alerts.ts):
// kube-state-metrics series under which each alert must fire, and series under which it must not
// (a run that succeeded, another cron job's failure, a suspended cron job, a recent success).
import { batchAlertRules } from "../constructs/observability/batch-alerts.js";
import type { Rule } from "../constructs/observability/slo-rules.js";
import type { ServiceGraph } from "../spec/graph.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { isBatch } from "../spec/schema/service.js";
import { firingAlertTests, labelSet, type RuleTest, simpleLabels, testFiles } from "./rule-tests.js";

/** Samples an hour apart: a cron job's staleness threshold can be weeks away. */
const HOUR = 3600;

export function batchAlertTests(environment: EnvironmentSpec, graph: ServiceGraph): RuleTest[] {
  const selector = simpleLabels(environment.alerting.kubeStateMetricsSelector);
  if (selector === undefined || !environment.prometheus.operator) return [];
  return [...graph.nodes.values()].flatMap((node) => {
    const service = environment.services[node.name]!;
    if (!isBatch(service)) return [];
    const rules = batchAlertRules(node, service, environment);
    const base = { namespace: node.namespace, ...selector };
    const threshold = (rule: Rule) => Number(/> (\d+)\)/.exec(rule.expr as string)?.[1] ?? 0);
    const longest = Math.max(...rules.map(threshold));
    // Evaluated once, after the longest threshold: every alert here has no `for`.
    const hours = Math.ceil(longest / HOUR) + 2;
    const evalSeconds = hours * HOUR;
    const constant = (value: number) => `${value}x${hours}`;
    const failedJob = service.kind === "job" ? node.name : `${node.name}-28990000`;
    const input = [
      { series: `kube_job_failed${labelSet({ ...base, job_name: failedJob, condition: "true" })}`, values: constant(1) },
      { series: `kube_job_failed${labelSet({ ...base, job_name: "other-28990000", condition: "true" })}`, values: constant(1) },
      { series: `kube_job_failed${labelSet({ ...base, job_name: `${node.name}-succeeded`, condition: "true" })}`, values: constant(0) },
      ...(service.kind === "cronjob"
        ? [
            { series: `kube_job_owner${labelSet({ ...base, job_name: failedJob, owner_kind: "CronJob", owner_name: node.name, owner_is_controller: "true" })}`, values: constant(1) },
            { series: `kube_job_owner${labelSet({ ...base, job_name: "other-28990000", owner_kind: "CronJob", owner_name: "other", owner_is_controller: "true" })}`, values: constant(1) },
            { series: `kube_job_owner${labelSet({ ...base, job_name: `${node.name}-succeeded`, owner_kind: "CronJob", owner_name: node.name, owner_is_controller: "true" })}`, values: constant(1) },
            // Overdue and never succeeding, active; the same, suspended (must stay quiet).
            ...cronSeries(base, node.name, evalSeconds, 0),
            ...cronSeries(base, "suspended", evalSeconds, 1),
            // Succeeded an hour ago and next due in an hour (must stay quiet).
            { series: `kube_cronjob_next_schedule_time${labelSet({ ...base, cronjob: "healthy" })}`, values: constant(evalSeconds + HOUR) },
            { series: `kube_cronjob_status_last_successful_time${labelSet({ ...base, cronjob: "healthy" })}`, values: constant(evalSeconds - HOUR) },
            { series: `kube_cronjob_spec_suspend${labelSet({ ...base, cronjob: "healthy" })}`, values: constant(0) },
          ]
        : []),
    ];
    const fires: Record<string, Record<string, string>> = {
      JobFailed: { ...base, job_name: failedJob, condition: "true", ...(service.kind === "cronjob" ? { owner_name: node.name } : {}) },
      CronJobMissedSchedule: { ...base, cronjob: node.name },
      CronJobLastSuccessTooOld: { ...base, cronjob: node.name },
    };
    const test = {
      name: `${node.name} run alerts`,
      interval: "1h",
      input_series: input,
      alert_rule_test: firingAlertTests(rules, fires, `${hours}h`),
    };
    return [testFiles(`${environment.name}-${node.name}-runs`, { groups: [{ name: `${node.name}-runs`, rules }] }, [test], "1h")];
  });
}

/** A cron job whose run was due at the epoch, and that never succeeded since. */
function cronSeries(base: Record<string, string>, cronjob: string, evalSeconds: number, suspended: number) {
  const hours = evalSeconds / HOUR;
  return [
    { series: `kube_cronjob_next_schedule_time${labelSet({ ...base, cronjob })}`, values: `0x${hours}` },
    { series: `kube_cronjob_status_last_successful_time${labelSet({ ...base, cronjob })}`, values: `0x${hours}` },
    { series: `kube_cronjob_spec_suspend${labelSet({ ...base, cronjob })}`, values: `${suspended}x${hours}` },
  ];
}
