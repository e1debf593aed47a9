// Alerts on an environment's Velero schedule, from Velero's own metrics: a backup failed, or the
// last success is older than twice the longest gap between scheduled backups.
import type { Rule } from "../observability/slo-rules.js";
import { runbookUrl } from "../observability/slo-rules.js";
import { longestGapSeconds } from "../../spec/cron.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { BackupsSpec } from "../../spec/schema/backups.js";

export function backupAlertRules(scheduleName: string, backups: BackupsSpec, environment: EnvironmentSpec): Rule[] {
  const gap = longestGapSeconds(backups.schedule);
  const labels = { schedule: scheduleName };
  const rule = (alert: string, severity: "page" | "ticket", expr: string, summary: string, description: string): Rule => ({
    alert,
    expr,
    labels: { ...labels, severity: environment.alerting.severity[severity] },
    annotations: { summary, description, runbook_url: runbookUrl(environment, alert) },
  });
  return [
    rule(
      "VeleroBackupFailed",
      "ticket",
      `increase(velero_backup_failure_total{schedule="${scheduleName}"}[${gap}s]) > 0`,
      `A backup of schedule ${scheduleName} failed.`,
      "Velero reports a failed backup of schedule {{ $labels.schedule }}; `velero backup describe` and its logs say why.",
    ),
    rule(
      "VeleroBackupTooOld",
      "page",
      `time() - velero_backup_last_successful_timestamp{schedule="${scheduleName}"} > ${2 * gap}`,
      `Schedule ${scheduleName} has not backed up successfully for too long.`,
      `The last successful backup of schedule {{ $labels.schedule }} is more than ${2 * gap} seconds old: twice the longest gap between its backups.`,
    ),
  ];
}
