// What the Istio schemas do not say: durations in Istio's syntax, and no allow-all rule.
import { isIstio, type PolicyRule, type Violation, walk } from "./rule.js";

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
      return rules.flatMap((rule, index) =>
        typeof rule === "object" && rule !== null && Object.keys(rule).length === 0 ? [{ path: `spec.rules.${index}`, message: "an empty rule ({}) allows every request" }] : [],
      );
    },
  },
];
