// The review of one environment's rendered change: its risk flags and its changes per service.
import type { KubeObject } from "../constructs/synth.js";
import { objectChanges } from "./object-changes.js";
import { riskFlags } from "./risks/index.js";
import type { RiskFlag } from "./risks/risk-check.js";
import { type ServiceSummary, serviceSummaries } from "./service-summary.js";

export interface EnvironmentReview {
  readonly flags: readonly RiskFlag[];
  readonly services: readonly ServiceSummary[];
}

export function reviewEnvironment(before: readonly KubeObject[], after: readonly KubeObject[]): EnvironmentReview {
  const changes = objectChanges(before, after);
  return { flags: riskFlags(changes), services: serviceSummaries(changes) };
}
