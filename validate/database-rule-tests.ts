// promtool unit tests for the alerts of each database (constructs/database/database-alerts.ts):
// CloudNativePG series under which each alert must fire for exactly the instance at fault, beside
// healthy instances and another database's failing pods, which must stay quiet.
import { databaseAlertRules } from "../constructs/database/database-alerts.js";
import { longestGapSeconds } from "../spec/cron.js";
import { databaseNamespace } from "../spec/database.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { firingAlertTests, labelSet, type RuleTest, testFiles } from "./rule-tests.js";

const HOUR = 3600;

export function databaseAlertTests(environment: EnvironmentSpec): RuleTest[] {
  if (!environment.prometheus.operator) return [];
  return Object.keys(environment.databases).map((name) => {
    const database = environment.databases[name]!;
    const namespace = databaseNamespace(name, environment);
    const rules = databaseAlertRules(name, namespace, database, environment);
    const stale = database.backup === undefined ? 0 : 2 * longestGapSeconds(database.backup.schedule);
    const hours = Math.max(3, Math.ceil(stale / HOUR) + 2);
    const constant = (value: number) => `${value}x${hours}`;
    const series = (metric: string, labels: Record<string, string>, values: string) => ({ series: `${metric}${labelSet({ namespace, ...labels })}`, values });
    const healthy = `${name}-1`;
    const failing = `${name}-2`;
    const other = "other-1";
    const input = [
      series("cnpg_collector_up", { pod: healthy }, constant(1)),
      series("cnpg_collector_up", { pod: failing }, constant(0)),
      series("cnpg_collector_up", { pod: other }, constant(0)),
      series("cnpg_backends_total", { pod: healthy, datname: "app", state: "active" }, constant(170)),
      series("cnpg_backends_total", { pod: failing, datname: "app", state: "active" }, constant(10)),
      series("cnpg_backends_total", { pod: other, datname: "app", state: "active" }, constant(199)),
      ...[healthy, failing, other].map((pod) => series("cnpg_pg_settings_setting", { pod, name: "max_connections" }, constant(200))),
      series("cnpg_pg_replication_lag", { pod: healthy }, constant(0)),
      series("cnpg_pg_replication_lag", { pod: failing }, constant(900)),
      series("cnpg_pg_replication_lag", { pod: other }, constant(900)),
      // Backups: the last success at the start, a failure after it; another database's are never checked.
      series("cnpg_collector_last_available_backup_timestamp", { pod: healthy }, constant(0)),
      series("cnpg_collector_last_failed_backup_timestamp", { pod: healthy }, constant(HOUR)),
      series("cnpg_collector_last_available_backup_timestamp", { pod: other }, constant(0)),
      series("cnpg_collector_last_failed_backup_timestamp", { pod: other }, constant(HOUR)),
    ];
    const fires: Record<string, Record<string, string>> = {
      InstanceDown: { namespace, pod: failing },
      ConnectionsNearLimit: { namespace, pod: healthy },
      ReplicationLag: { namespace, pod: failing },
      BackupFailed: { namespace },
      BackupTooOld: { namespace },
    };
    const test = {
      name: `${name} database alerts`,
      interval: "1h",
      input_series: input,
      alert_rule_test: firingAlertTests(rules, fires, `${hours}h`),
    };
    return testFiles(`${environment.name}-${name}-database`, { groups: [{ name: `${name}-database`, rules }] }, [test], "1h");
  });
}
