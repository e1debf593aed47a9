// What the cross-object PromQL rules read of a rule: its name, the range selectors and the series
// selectors of its expression (none when it does not parse: promtool's to report). A render keeps
// only this of a PrometheusRule for the cross-object layer (crossObjectView), parsed where the
// object is rendered; a rule already read this way is returned as it is.
import type { Json } from "../policy/rule.js";
import { Expression, type RangeSelector, type SeriesSelector } from "./expression.js";

export interface RuleReading {
  readonly alert?: string;
  readonly record?: string;
  readonly ranges?: readonly Omit<RangeSelector, "from">[];
  readonly selectors?: readonly SeriesSelector[];
}

export function readRule(rule: Json): RuleReading {
  const name = { ...(rule?.alert === undefined ? {} : { alert: rule.alert }), ...(rule?.record === undefined ? {} : { record: rule.record }) };
  if (Array.isArray(rule?.ranges)) return { ...name, ranges: rule.ranges, selectors: rule.selectors ?? [] };
  if (typeof rule?.expr !== "string") return name;
  const expression = new Expression(rule.expr);
  if (!expression.parses) return { ...name, ranges: [], selectors: [] };
  return { ...name, ranges: expression.ranges().map(({ metric, range }) => (metric === undefined ? { range } : { metric, range })), selectors: expression.selectors() };
}
