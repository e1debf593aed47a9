// promtool unit tests for the alerts on an environment's Velero schedule
// (constructs/backup/backup-alerts.ts): Velero series under which each alert must fire, and series
// under which it must not (another schedule's failure, a recent success).
import { backupAlertRules } from "../constructs/backup/backup-alerts.js";
import { backupScheduleName } from "../constructs/backup/environment-backups.js";
import { longestGapSeconds } from "../spec/cron.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { firingAlertTests, labelSet, type RuleTest, testFiles } from "./rule-tests.js";

const HOUR = 3600;

export function backupAlertTests(environment: EnvironmentSpec): RuleTest[] {
  const backups = environment.backups;
  if (backups === undefined || !environment.prometheus.operator) return [];
  const schedule = backupScheduleName(environment);
  const rules = backupAlertRules(schedule, backups, environment);
  // Evaluated an hour past twice the longest gap, so the stale schedule's last success is too old.
  const hours = Math.ceil((2 * longestGapSeconds(backups.schedule)) / HOUR) + 1;
  const evalSeconds = hours * HOUR;
  const series = (name: string, labels: Record<string, string>, values: string) => ({ series: `${name}${labelSet(labels)}`, values });
  const input = [
    // This schedule: one failure an hour before the evaluation, and a last success at the start.
    series("velero_backup_failure_total", { schedule }, `0x${hours - 1} 1`),
    series("velero_backup_last_successful_timestamp", { schedule }, `0x${hours}`),
    // Another schedule fails and succeeded an hour ago: neither alert may name it.
    series("velero_backup_failure_total", { schedule: "other" }, `0x${hours - 1} 5`),
    series("velero_backup_last_successful_timestamp", { schedule: "other" }, `${evalSeconds - HOUR}x${hours}`),
  ];
  const test = {
    name: `${schedule} backup alerts`,
    interval: "1h",
    input_series: input,
    // Both alerts carry only the schedule label (every alert name ends with "").
    alert_rule_test: firingAlertTests(rules, { "": { schedule } }, `${hours}h`),
  };
  return [testFiles(`${environment.name}-backups`, { groups: [{ name: `${schedule}-backups`, rules }] }, [test], "1h")];
}
