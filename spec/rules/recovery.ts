// A recovery point objective holds for what slipway renders: something backs the environment up,
// often enough.
import { achievedRpoSeconds, humanDuration, rpoSeconds } from "../recovery.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { FieldIssue } from "../zod-issues.js";

export function recoveryRules(environment: EnvironmentSpec): FieldIssue[] {
  const objective = rpoSeconds(environment);
  if (objective === undefined) return [];
  const achieved = achievedRpoSeconds(environment);
  if (achieved === undefined) {
    return [{ path: ["recovery", "rpo"], message: `environment "${environment.name}" claims an RPO of ${environment.recovery!.rpo}, but nothing backs it up: declare backups (a Velero schedule at least every ${humanDuration(objective)})` }];
  }
  if (achieved <= objective) return [];
  return [
    {
      path: ["recovery", "rpo"],
      message: `environment "${environment.name}" cannot meet an RPO of ${environment.recovery!.rpo}: backups.schedule "${environment.backups!.schedule}" leaves up to ${humanDuration(achieved)} between backups, so a restore can lose that much; back up at least every ${humanDuration(objective)}, or relax the objective`,
      related: [["backups", "schedule"]],
    },
  ];
}
