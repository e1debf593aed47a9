// The policy layer: every rule family, the profiles that select Pod Security levels, and
// exceptions a workload declares (with a reason) in its slipway.dev/policy-exceptions annotation.
import type { KubeObject } from "../../constructs/synth.js";
import { POLICY_EXCEPTIONS_ANNOTATION } from "../../constructs/labels.js";
import { type Finding, findingAt, internalFinding, type LocatedObject } from "../finding.js";
import { admissionRules } from "./admission.js";
import { deprecationRules } from "./deprecations.js";
import { hygieneRules } from "./hygiene.js";
import { istioRules } from "./istio.js";
import { podSecurityRules } from "./pod-security.js";
import { promqlRules } from "./promql.js";
import { rbacRules } from "./rbac.js";
import type { PolicyRule, Profile } from "./rule.js";
import { secretRules } from "./secrets.js";

export const POLICY_RULES: readonly PolicyRule[] = [...podSecurityRules, ...hygieneRules, ...secretRules, ...deprecationRules, ...istioRules, ...rbacRules, ...admissionRules, ...promqlRules];

export interface PolicyException {
  readonly rule: string;
  readonly reason: string;
}

function activeRules(profile: Profile): PolicyRule[] {
  return POLICY_RULES.filter((rule) => rule.level === undefined || rule.level === "baseline" || profile === "restricted");
}

const NO_EXCEPTIONS = { excepted: new Set<string>(), problems: [] };

/** Exceptions an object declares, and findings for declarations that are not valid. */
function exceptionsOf(object: KubeObject): { excepted: Set<string>; problems: Pick<Finding, "path" | "rule" | "severity" | "message" | "fix">[] } {
  const raw = (object.metadata.annotations as Record<string, string> | undefined)?.[POLICY_EXCEPTIONS_ANNOTATION];
  if (raw === undefined) return NO_EXCEPTIONS;
  const excepted = new Set<string>();
  const problem = (message: string) => ({ path: `metadata.annotations.${POLICY_EXCEPTIONS_ANNOTATION}`, rule: "policy/invalid-exception", severity: "error" as const, message, fix: 'declare [{ "rule": "<rule id>", "reason": "<why>" }]' });
  let declared: unknown;
  try {
    declared = JSON.parse(raw);
  } catch {
    return { excepted, problems: [problem("is not JSON")] };
  }
  if (!Array.isArray(declared)) return { excepted, problems: [problem("is not a list")] };
  const known = new Set(POLICY_RULES.map((rule) => rule.id));
  const problems = declared.flatMap((entry: Partial<PolicyException>) => {
    if (typeof entry?.rule !== "string" || !known.has(entry.rule)) return [problem(`names no known rule (${JSON.stringify(entry?.rule)})`)];
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") return [problem(`the exception for ${entry.rule} has no reason`)];
    excepted.add(entry.rule);
    return [];
  });
  return { excepted, problems };
}

/** @param malformed objects whose schema findings say a field has the wrong type: a rule that cannot read one is skipped, not a bug */
export function runPolicy(environment: string, located: readonly LocatedObject[], profile: Profile, malformed: ReadonlySet<KubeObject> = new Set()): Finding[] {
  const rules = activeRules(profile);
  const findings: Finding[] = [];
  for (const entry of located) {
    const { excepted, problems } = exceptionsOf(entry.object);
    for (const problem of problems) findings.push(findingAt(environment, entry, problem));
    for (const rule of rules) {
      if (excepted.has(rule.id)) continue;
      // Inline rather than through guarded(): this loop runs once per object and rule.
      let violations;
      try {
        violations = rule.check(entry.object);
      } catch (error) {
        if (!malformed.has(entry.object)) findings.push(internalFinding(environment, entry, rule.id, error));
        continue;
      }
      for (const violation of violations) findings.push(findingAt(environment, entry, { path: violation.path, rule: rule.id, severity: rule.severity, message: violation.message, fix: rule.fix }));
    }
  }
  return findings;
}
