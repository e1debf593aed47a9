// The Recovery section of dist/<env>/README.md: what backs each namespace up, the RPO that
// achieves against the declared objectives, and the restore steps a person runs.
import { backupScheduleName } from "../constructs/backup/environment-backups.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { achievedRpoSeconds, humanDuration, rpoSeconds } from "../spec/recovery.js";

/** The section, or "" when the environment declares neither backups nor recovery objectives. */
export function recoveryReadme(environment: EnvironmentSpec): string {
  const { backups, recovery } = environment;
  if (backups === undefined && recovery === undefined) return "";
  const namespaces = Object.values(environment.namespaces).map((namespace) => namespace.name).sort();
  const achieved = achievedRpoSeconds(environment);
  const lines = ["", "## Recovery", ""];
  if (backups === undefined) {
    lines.push("Nothing backs this environment up.", "");
  } else {
    const schedule = backupScheduleName(environment);
    lines.push(
      "| Namespace | Backed up by | Achieved RPO | Kept |",
      "| --- | --- | --- | --- |",
      ...namespaces.map((namespace) => `| ${namespace} | Velero schedule ${schedule} (\`${backups.schedule}\`, ${backups.volumeSnapshots ? "volume snapshots" : "file-system backup of persistent volumes"}) | ${humanDuration(achieved!)} | ${backups.ttl} |`),
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
  return lines.join("\n");
}
