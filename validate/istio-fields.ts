// What the Istio models do not check: durations in Istio's syntax, no deprecated fields, and
// never an allow-all AuthorizationPolicy rule.
import type { KubeObject } from "../constructs/synth.js";
import { type Finding, objectRef } from "./finding.js";

const DURATION_FIELDS = new Set(["timeout", "perTryTimeout", "connectTimeout", "idleTimeout", "interval", "baseEjectionTime", "fixedDelay", "drainTimeout"]);
const ISTIO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/** Deprecated Istio fields and what replaces them, by the key that names them. */
const DEPRECATED: Record<string, string> = {
  consecutiveErrors: "outlierDetection.consecutive5xxErrors / consecutiveGatewayErrors",
  percent: "percentage.value",
  mirror_percent: "mirrorPercentage",
  mirrorPercent: "mirrorPercentage",
};

export function validateIstioFields(environment: string, objects: readonly KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects.filter((candidate) => candidate.apiVersion.includes("istio.io/"))) {
    const finding = (path: string, rule: string, message: string, fix: string) =>
      findings.push({ environment, object: objectRef(object), path, rule, severity: "error", message, fix });
    walk(object.spec, "spec", (key, value, path) => {
      if (DURATION_FIELDS.has(key) && (typeof value !== "string" || !ISTIO_DURATION.test(value))) {
        finding(path, "istio/duration", `${JSON.stringify(value)} is not an Istio duration`, 'use a number with ms, s, m or h, e.g. "15s"');
      }
      if (key in DEPRECATED) finding(path, "istio/deprecated-field", `${key} is deprecated`, `use ${DEPRECATED[key]}`);
    });
    const rules = (object.spec as { rules?: unknown[] } | undefined)?.rules;
    if (object.kind === "AuthorizationPolicy" && rules?.some((rule) => typeof rule === "object" && rule !== null && Object.keys(rule).length === 0)) {
      finding("spec.rules", "istio/allow-all-rule", "an empty rule ({}) allows every request", "limit the rule with from/to, or remove it");
    }
  }
  return findings;
}

function walk(value: unknown, path: string, visit: (key: string, value: unknown, path: string) => void): void {
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}.${index}`, visit));
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child, `${path}.${key}`);
      walk(child, `${path}.${key}`, visit);
    }
  }
}
