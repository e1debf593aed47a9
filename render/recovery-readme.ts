// The Recovery section of dist/<env>/README.md: what backs each namespace and database up, the RPO
// that achieves against the declared objectives, and the restore steps a person runs.
import { backupScheduleName } from "../constructs/backup/environment-backups.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { achievedRpoSeconds, humanDuration, recoveryPoints, rpoSeconds } from "../spec/recovery.js";

/** The section, or "" when the environment declares no backups, databases or recovery objectives. */
export function recoveryReadme(environment: EnvironmentSpec): string {
  const { backups, recovery } = environment;
  const databases = Object.keys(environment.databases);
  if (backups === undefined && recovery === undefined && databases.length === 0) return "";
  const namespaces = Object.values(environment.namespaces).map((namespace) => namespace.name).sort();
  const achieved = achievedRpoSeconds(environment);
  const lines = ["", "## Recovery", ""];
  if (backups === undefined) {
    lines.push("No Velero schedule backs the namespaces up (declare `backups`).", "");
  } else {
    const schedule = backupScheduleName(environment);
    lines.push(
      "| Namespace | Backed up by | Achieved RPO | Kept |",
      "| --- | --- | --- | --- |",
      ...namespaces.map((namespace) => `| ${namespace} | Velero schedule ${schedule} (\`${backups.schedule}\`, ${backups.volumeSnapshots ? "volume snapshots" : "file-system backup of persistent volumes"}) | ${humanDuration(achieved!)} | ${backups.ttl} |`),
      "",
    );
  }
  if (databases.length > 0) {
    lines.push(
      "| Database | Backed up by | Achieved RPO |",
      "| --- | --- | --- |",
      ...recoveryPoints(environment)
        .filter((point) => point.kind === "database")
        .map((point) => `| ${point.name} | ${point.by} | ${point.seconds === undefined ? "none" : `${humanDuration(point.seconds)} (archive_timeout)`} |`),
      "",
    );
  }
  const objective = rpoSeconds(environment);
  if (recovery !== undefined) {
    const rpo = objective === undefined ? "none declared" : `${recovery.rpo} (${achieved !== undefined && achieved <= objective ? "met" : "not met"})`;
    const rto = recovery.rto === undefined ? "none declared" : `${recovery.rto} (not provable from manifests: rehearse the restore and time it)`;
    lines.push(`Objectives: RPO ${rpo}; RTO ${rto}.`, "");
  }
  if (backups !== undefined) {
    const schedule = backupScheduleName(environment);
    lines.push(
      "Restore the namespaces from the latest backup of the schedule (Velero's CLI, in the cluster's context):",
      "",
      "```sh",
      `velero backup get --selector velero.io/schedule-name=${schedule}`,
      `velero restore create --from-schedule ${schedule} --include-namespaces ${namespaces.join(",")} --wait`,
      "velero restore get                           # the restore's name and phase",
      "velero restore describe <restore> --details  # what was restored, and any warnings",
      "```",
      "",
    );
  }
  const restorable = databases.filter((name) => environment.databases[name]!.backup !== undefined);
  if (restorable.length > 0) {
    const name = restorable[0]!;
    lines.push(
      "Recover a database to a point in time (CloudNativePG): declare a new database that restores from it, render, review and merge; then point its callers at the new one and remove the old:",
      "",
      "```yaml",
      "databases:",
      `  ${name}-restore:`,
      `    storage: { size: ${environment.databases[name]!.storage.size} }`,
      `    restore: { from: ${name}, targetTime: "2026-01-31T08:00:00Z" }   # leave targetTime out for the latest state`,
      "```",
      "",
    );
  }
  return lines.join("\n");
}
