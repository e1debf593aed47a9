// Alerts of a database, from the metrics CloudNativePG's instance manager exports (scraped by the
// database's PodMonitor), scoped to its namespace and its instances' pods: an instance down,
// replication lagging, connections near max_connections, and with a backup: a failed one, or a last
// success older than twice the longest gap between scheduled base backups.
import { upperCamel } from "../../spec/case.js";
import { longestGapSeconds } from "../../spec/cron.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { DatabaseSpec } from "../../spec/schema/database.js";
import { type Rule, runbookUrl } from "../observability/slo-rules.js";

/** Seconds a replica may lag before it counts: five minutes of WAL. */
export const REPLICATION_LAG_SECONDS = 300;
/** Share of max_connections in use that warns. */
export const CONNECTIONS_WARNING_RATIO = 0.8;

export function databaseAlertRules(name: string, namespace: string, database: DatabaseSpec, environment: EnvironmentSpec): Rule[] {
  const s = `namespace="${namespace}",pod=~"${name}-[0-9]+"`;
  const prefix = `${upperCamel(name)}Database`;
  const labels = { database: name, namespace };
  const rule = (alert: string, severity: "page" | "ticket", expr: string, duration: string | undefined, summary: string, description: string): Rule => ({
    alert,
    expr,
    ...(duration === undefined ? {} : { for: duration }),
    labels: { ...labels, severity: environment.alerting.severity[severity] },
    annotations: { summary, description, runbook_url: runbookUrl(environment, alert) },
  });
  const rules = [
    rule(`${prefix}InstanceDown`, "page", `cnpg_collector_up{${s}} == 0`, "5m", `An instance of database ${name} is down.`, "PostgreSQL in {{ $labels.pod }} does not answer its instance manager."),
    rule(
      `${prefix}ConnectionsNearLimit`,
      "ticket",
      `sum by (namespace, pod) (cnpg_backends_total{${s}})\n/ on (namespace, pod)\nmax by (namespace, pod) (cnpg_pg_settings_setting{${s},name="max_connections"}) > ${CONNECTIONS_WARNING_RATIO}`,
      "10m",
      `Database ${name} is near its connection limit.`,
      `{{ $labels.pod }} uses more than ${CONNECTIONS_WARNING_RATIO * 100} % of max_connections: pool connections, or raise the limit.`,
    ),
  ];
  if (database.instances > 1) {
    rules.push(
      rule(`${prefix}ReplicationLag`, "ticket", `max by (namespace, pod) (cnpg_pg_replication_lag{${s}}) > ${REPLICATION_LAG_SECONDS}`, "5m", `A replica of database ${name} lags.`, `{{ $labels.pod }} is more than ${REPLICATION_LAG_SECONDS} seconds behind the primary.`),
    );
  }
  if (database.backup === undefined) return rules;
  const stale = 2 * longestGapSeconds(database.backup.schedule);
  return [
    ...rules,
    rule(
      `${prefix}BackupFailed`,
      "ticket",
      `max by (namespace) (cnpg_collector_last_failed_backup_timestamp{${s}})\n> on (namespace)\nmax by (namespace) (cnpg_collector_last_available_backup_timestamp{${s}})`,
      undefined,
      `The last backup of database ${name} failed.`,
      "Its last base backup failed after the last one that succeeded; the Backup objects' status says why (kubectl get backups).",
    ),
    rule(
      `${prefix}BackupTooOld`,
      "page",
      `time() - max by (namespace) (cnpg_collector_last_available_backup_timestamp{${s}}) > ${stale}`,
      undefined,
      `Database ${name} has no recent base backup.`,
      `Its last successful base backup is more than ${stale} seconds old: twice the longest gap between scheduled base backups.`,
    ),
  ];
}
