// A recovery point objective holds for what slipway renders: every namespace and every database is
// backed up, often enough.
import { humanDuration, recoveryPoints, rpoSeconds } from "../recovery.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { FieldIssue } from "../zod-issues.js";

export function recoveryRules(environment: EnvironmentSpec): FieldIssue[] {
  const objective = rpoSeconds(environment);
  if (objective === undefined) return [];
  const rpo = environment.recovery!.rpo;
  // The namespaces share one schedule: one finding for all of them.
  const points = recoveryPoints(environment);
  const namespaces = points.filter((point) => point.kind === "namespace");
  const holders = [
    ...(namespaces.length === 0 ? [] : [{ point: namespaces[0]!, holder: `${namespaces.length === 1 ? "namespace" : "namespaces"} ${namespaces.map((point) => point.name).join(", ")}` }]),
    ...points.filter((point) => point.kind === "database").map((point) => ({ point, holder: `database ${point.name}` })),
  ];
  return holders.flatMap(({ point, holder }): FieldIssue[] => {
    if (point.seconds === undefined) {
      const fix = point.kind === "database" ? "declare its backup (WAL archiving to object storage)" : `declare backups (a Velero schedule at least every ${humanDuration(objective)})`;
      return [{ path: ["recovery", "rpo"], message: `environment "${environment.name}" claims an RPO of ${rpo}, but nothing backs ${holder} up: ${fix}`, related: [point.field] }];
    }
    if (point.seconds <= objective) return [];
    const what = point.kind === "namespace" ? `backups.schedule "${environment.backups!.schedule}" leaves up to ${humanDuration(point.seconds)} between backups of ${holder}` : `${holder} can lose up to ${humanDuration(point.seconds)}`;
    return [{ path: ["recovery", "rpo"], message: `environment "${environment.name}" cannot meet an RPO of ${rpo}: ${what}, so a restore can lose that much; back up at least every ${humanDuration(objective)}, or relax the objective`, related: [point.field] }];
  });
}
