// What the rendered backups achieve against the environment's recovery objectives.
import { longestGapSeconds } from "./cron.js";
import { durationMs } from "./formats.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";

/** The most data, in seconds, a restore from the environment's backups can lose: the longest gap between scheduled backups; undefined without backups. */
export function achievedRpoSeconds(environment: EnvironmentSpec): number | undefined {
  return environment.backups === undefined ? undefined : longestGapSeconds(environment.backups.schedule);
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
