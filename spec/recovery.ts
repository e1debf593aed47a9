// What the rendered backups achieve against the environment's recovery objectives: for each
// namespace, Velero's schedule; for each database, CloudNativePG's continuous WAL archiving.
import { longestGapSeconds } from "./cron.js";
import { databaseNamespace } from "./database.js";
import { durationMs } from "./formats.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";

/**
 * How far behind an archived WAL file can be: CloudNativePG's archive_timeout (5 minutes) forces
 * a WAL switch at least that often, so a point-in-time recovery loses at most that much.
 */
export const WAL_ARCHIVE_SECONDS = 300;

export interface RecoveryPoint {
  readonly kind: "namespace" | "database";
  /** The namespace's name, or the database's with its namespace: "main (shop)". */
  readonly name: string;
  /** What backs it up, for people. */
  readonly by: string;
  /** The most data, in seconds, a restore loses; undefined when nothing backs it up. */
  readonly seconds: number | undefined;
  /** Field of the spec that decides it. */
  readonly field: readonly PropertyKey[];
}

/** The most data, in seconds, a restore from the environment's backups can lose: the longest gap between scheduled backups; undefined without backups. */
export function achievedRpoSeconds(environment: EnvironmentSpec): number | undefined {
  return environment.backups === undefined ? undefined : longestGapSeconds(environment.backups.schedule);
}

/** Every holder of data and its recovery point: each namespace (Velero), each database (WAL archiving). */
export function recoveryPoints(environment: EnvironmentSpec): RecoveryPoint[] {
  const velero = achievedRpoSeconds(environment);
  const namespaces = Object.values(environment.namespaces).map((namespace): RecoveryPoint => ({
    kind: "namespace",
    name: namespace.name,
    by: environment.backups === undefined ? "nothing" : `Velero schedule (\`${environment.backups.schedule}\`)`,
    seconds: velero,
    field: ["backups", "schedule"],
  }));
  const databases = Object.keys(environment.databases).map((name): RecoveryPoint => {
    const backup = environment.databases[name]!.backup;
    return {
      kind: "database",
      name: `${name} (${databaseNamespace(name, environment)})`,
      by: backup === undefined ? "nothing (no backup: Velero does not copy its volumes)" : `WAL archiving and base backups to ${backup.destination} (\`${backup.schedule}\`, kept ${backup.retention})`,
      seconds: backup === undefined ? undefined : WAL_ARCHIVE_SECONDS,
      field: ["databases", name, "backup"],
    };
  });
  return [...namespaces.sort((a, b) => (a.name < b.name ? -1 : 1)), ...databases];
}

/** The objective in seconds. */
export function rpoSeconds(environment: EnvironmentSpec): number | undefined {
  const rpo = environment.recovery?.rpo;
  return rpo === undefined ? undefined : durationMs(rpo) / 1000;
}

/** "1d 2h", "45m", "30s": a duration for people. */
export function humanDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(" ") || "0s";
}
