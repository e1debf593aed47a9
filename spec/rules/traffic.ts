// Retries fit in the timeout, and faults are injected only outside production.
import { durationMs } from "../formats.js";
import { isProduction } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { serving } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

export function trafficRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [name, service] of Object.entries(environment.services)) {
    const traffic = serving(service)?.traffic;
    if (traffic === undefined) continue;
    const at = (...path: PropertyKey[]) => ["services", name, "traffic", ...path];
    const { timeout, retries, fault } = traffic;
    const tries = retries.attempts + 1;
    if (durationMs(retries.perTryTimeout) * tries > durationMs(timeout)) {
      issues.push({
        path: at("retries", "perTryTimeout"),
        message: `perTryTimeout (${retries.perTryTimeout}) × ${tries} tries (attempts ${retries.attempts} + 1) exceeds timeout (${timeout}): the last tries could never run; lower perTryTimeout or attempts, or raise timeout`,
        related: [at("timeout"), at("retries", "attempts")],
      });
    }
    if (fault !== undefined && isProduction(environment)) {
      issues.push({
        path: at("fault"),
        message: `fault injection is not allowed in production environment "${environment.name}"; set it in a non-production environment's overrides`,
      });
    }
  }
  return issues;
}
