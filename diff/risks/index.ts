// Every risk check, in the order the review lists their flags. A new kind of risk is a new file here.
import { projectWidening } from "./argocd-project.js";
import { authorizationWidening } from "./authorization.js";
import { availabilityDrop } from "./availability.js";
import { deletedObjects } from "./deletion.js";
import { newEgress } from "./egress.js";
import { newExposure } from "./exposure.js";
import { networkPolicyWidening } from "./network.js";
import { podSecurityChanges } from "./pod-security.js";
import { rbacChanges } from "./rbac.js";
import type { ObjectChange } from "../object-changes.js";
import type { RiskCheck, RiskFlag } from "./risk-check.js";

export const RISK_CHECKS: readonly RiskCheck[] = [networkPolicyWidening, authorizationWidening, newExposure, newEgress, availabilityDrop, deletedObjects, rbacChanges, projectWidening, podSecurityChanges];

export function riskFlags(changes: readonly ObjectChange[]): RiskFlag[] {
  return RISK_CHECKS.flatMap((check) => check.check(changes));
}
