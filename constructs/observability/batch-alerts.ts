// Alerts of a job or cron job, from kube-state-metrics, scoped to its namespace: a run failed; a
// cron job's run is overdue (missed its schedule), or its last success is older than twice the
// longest gap between its runs. A suspended cron job raises neither of the last two.
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { upperCamel } from "../../spec/case.js";
import { longestGapSeconds } from "../../spec/cron.js";
import type { BatchSpec } from "../../spec/schema/service.js";
import { type Rule, runbookUrl } from "./slo-rules.js";

/** How late a cron job's run may start before it counts as missed. @default 15 minutes, or the job's own deadline */
const MISSED_GRACE_SECONDS = 900;

export function batchAlertRules(node: ServiceNode, service: BatchSpec, environment: EnvironmentSpec): Rule[] {
  const s = `namespace="${node.namespace}",${environment.alerting.kubeStateMetricsSelector}`;
  const prefix = upperCamel(node.name);
  const labels = { service: node.name, namespace: node.namespace };
  const rule = (alert: string, severity: "page" | "ticket", expr: string, summary: string, description: string, duration?: string): Rule => ({
    alert,
    expr,
    ...(duration === undefined ? {} : { for: duration }),
    labels: { ...labels, severity: environment.alerting.severity[severity] },
    annotations: { summary, description, runbook_url: runbookUrl(environment, alert) },
  });
  const failed =
    service.kind === "job"
      ? `kube_job_failed{${s},job_name="${node.name}",condition="true"} > 0`
      : `(kube_job_failed{${s},condition="true"} > 0)\n* on (namespace, job_name) group_left (owner_name)\nkube_job_owner{${s},owner_kind="CronJob",owner_name="${node.name}"}`;
  const rules = [
    rule(`${prefix}JobFailed`, "ticket", failed, `A run of ${node.name} failed.`, `Job {{ $labels.namespace }}/{{ $labels.job_name }} failed; its pods' logs say why.`),
  ];
  if (service.kind !== "cronjob") return rules;
  const active = `kube_cronjob_spec_suspend{${s},cronjob="${node.name}"} == 0`;
  const grace = service.startingDeadlineSeconds ?? MISSED_GRACE_SECONDS;
  const stale = 2 * longestGapSeconds(service.schedule) + (service.activeDeadlineSeconds ?? 0);
  return [
    ...rules,
    rule(
      `${prefix}CronJobMissedSchedule`,
      "ticket",
      `(time() - kube_cronjob_next_schedule_time{${s},cronjob="${node.name}"} > ${grace})\nand on (namespace, cronjob)\n(${active})`,
      `${node.name} missed its schedule.`,
      `CronJob {{ $labels.namespace }}/{{ $labels.cronjob }} has not started a run due more than ${grace} seconds ago.`,
    ),
    rule(
      `${prefix}CronJobLastSuccessTooOld`,
      "page",
      `(time() - kube_cronjob_status_last_successful_time{${s},cronjob="${node.name}"} > ${stale})\nand on (namespace, cronjob)\n(${active})`,
      `${node.name} has not succeeded for too long.`,
      `CronJob {{ $labels.namespace }}/{{ $labels.cronjob }} last succeeded more than ${stale} seconds ago: twice the longest gap between its runs.`,
    ),
  ];
}
