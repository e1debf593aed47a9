// The PromQL of an object as the checks walk it: each rule of a PrometheusRule, each Prometheus
// trigger of a KEDA ScaledObject, each Prometheus metric of an Argo Rollouts analysis template, with
// the path of its expression and the name a finding gives it.
import type { Json } from "../policy/rule.js";

export interface RuleEntry {
  readonly rule: Json;
  /** `spec.groups.<g>.rules.<r>.expr`. */
  readonly path: string;
  /** `alert <name>`, `recording rule <name>`, `trigger <name>` or `analysis metric <name>`. */
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

/** Every PromQL expression the object holds, as rule entries (a trigger's query as `expr`); none for other kinds. */
export function promqlEntries(object: Json): RuleEntry[] {
  if (object.kind === "PrometheusRule" && String(object.apiVersion).startsWith("monitoring.coreos.com/")) return ruleEntries(object);
  if ((object.kind === "AnalysisTemplate" || object.kind === "ClusterAnalysisTemplate") && String(object.apiVersion).startsWith("argoproj.io/")) {
    // An Argo Rollouts analysis: its Prometheus metrics' queries ({{args.…}} placeholders leave a query unparsed, and unchecked).
    return ((object.spec?.metrics as Json[] | undefined) ?? []).flatMap((metric, index) =>
      typeof metric?.provider?.prometheus?.query === "string" ? [{ rule: { expr: metric.provider.prometheus.query }, path: `spec.metrics.${index}.provider.prometheus.query`, name: `analysis metric ${metric.name ?? index}` }] : [],
    );
  }
  if (object.kind !== "ScaledObject" || !String(object.apiVersion).startsWith("keda.sh/")) return [];
  return ((object.spec?.triggers as Json[] | undefined) ?? []).flatMap((trigger, index) =>
    trigger?.type === "prometheus" && typeof trigger.metadata?.query === "string"
      ? [{ rule: { expr: trigger.metadata.query }, path: `spec.triggers.${index}.metadata.query`, name: `trigger ${trigger.name ?? index}` }]
      : [],
  );
}
