// The rules of a PrometheusRule as the PromQL checks walk them: each with the path of its
// expression and the name a finding gives it.
import type { Json } from "../policy/rule.js";

export interface RuleEntry {
  readonly rule: Json;
  /** `spec.groups.<g>.rules.<r>.expr`. */
  readonly path: string;
  /** `alert <name>` or `recording rule <name>`. */
  readonly name: string;
}

export function ruleEntries(prometheusRule: Json): RuleEntry[] {
  return ((prometheusRule.spec?.groups as Json[] | undefined) ?? []).flatMap((group, groupIndex) =>
    ((group?.rules as Json[] | undefined) ?? []).map((rule, ruleIndex) => ({
      rule,
      path: `spec.groups.${groupIndex}.rules.${ruleIndex}.expr`,
      name: rule?.alert !== undefined ? `alert ${rule.alert}` : `recording rule ${rule?.record}`,
    })),
  );
}
