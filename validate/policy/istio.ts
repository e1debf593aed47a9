// What the Istio schemas do not say: durations in Istio's syntax, and no rule that allows all,
// whether it is empty ({}) or its sources or operations are (principals: [] constrains nothing).
import { isIstio, type Json, type PolicyRule, type Violation, walk } from "./rule.js";

const DURATION_FIELDS = new Set(["timeout", "perTryTimeout", "connectTimeout", "idleTimeout", "interval", "baseEjectionTime", "fixedDelay", "drainTimeout"]);
const ISTIO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

export const istioRules: readonly PolicyRule[] = [
  {
    id: "istio/duration",
    severity: "error",
    fix: 'use a number with ms, s, m or h, e.g. "15s"',
    check: (object) => {
      if (!isIstio(object)) return [];
      const violations: Violation[] = [];
      walk(object.spec, "spec", (key, value, path) => {
        if (DURATION_FIELDS.has(key) && (typeof value !== "string" || !ISTIO_DURATION.test(value))) violations.push({ path: path(), message: `${JSON.stringify(value)} is not an Istio duration` });
      });
      return violations;
    },
  },
  {
    id: "istio/allow-all-rule",
    severity: "error",
    fix: "limit the rule with from/to, or remove it",
    check: (object) => {
      if (object.kind !== "AuthorizationPolicy" || !isIstio(object)) return [];
      const rules = ((object.spec as { rules?: unknown[] } | undefined)?.rules ?? []) as unknown[];
      return rules.flatMap((rule, index): Violation[] => {
        if (typeof rule !== "object" || rule === null) return [];
        if (Object.keys(rule).length === 0) return [{ path: `spec.rules.${index}`, message: "an empty rule ({}) allows every request" }];
        return (["from", "to"] as const).flatMap((field) =>
          ((rule as Json)[field] as Json[] | undefined)?.flatMap((entry, entryIndex) => {
            const condition = field === "from" ? "source" : "operation";
            return unconstrained(entry?.[condition])
              ? [{ path: `spec.rules.${index}.${field}.${entryIndex}.${condition}`, message: `${field === "from" ? "a" : "an"} ${condition} whose lists are all empty constrains nothing (Istio ignores an empty list): it matches ${field === "from" ? "every caller" : "every request"}` }]
              : [];
          }) ?? [],
        );
      });
    },
  },
];

/** A source or operation with no field that narrows it: absent, {}, or only empty lists. */
function unconstrained(condition: Json | undefined): boolean {
  return condition === undefined || condition === null || Object.values(condition).every((value) => Array.isArray(value) && value.length === 0);
}
