// What the cross-object PromQL rules read of a rule: its name, the range selectors and the series
// selectors xo/promql-labels could flag (mayMissLabels; none when it does not parse: promtool's to report). A render keeps
// only this of a PrometheusRule for the cross-object layer (crossObjectView), parsed where the
// object is rendered; a rule already read this way is returned as it is.
import type { Json } from "../policy/rule.js";
import { Expression, type RangeSelector, type SeriesSelector } from "./expression.js";
import { mayMissLabels } from "./target-labels.js";

export interface RuleReading {
  readonly alert?: string;
  readonly record?: string;
  readonly ranges?: readonly Omit<RangeSelector, "from">[];
  readonly selectors?: readonly SeriesSelector[];
}

/** Readings by rule object: both PromQL cross-object rules read each rule, and a rule is read once. */
const READINGS = new WeakMap<object, RuleReading>();

export function readRule(rule: Json): RuleReading {
  if (typeof rule !== "object" || rule === null) return {};
  let reading = READINGS.get(rule);
  if (reading === undefined) {
    reading = read(rule);
    READINGS.set(rule, reading);
  }
  return reading;
}

function read(rule: Json): RuleReading {
  const name = { ...(rule.alert === undefined ? {} : { alert: rule.alert }), ...(rule.record === undefined ? {} : { record: rule.record }) };
  if (Array.isArray(rule.ranges)) return { ...name, ranges: rule.ranges, selectors: rule.selectors ?? [] };
  if (typeof rule.expr !== "string") return name;
  const expression = new Expression(rule.expr);
  if (!expression.parses) return { ...name, ranges: [], selectors: [] };
  return { ...name, ranges: expression.ranges().map(({ metric, range }) => (metric === undefined ? { range } : { metric, range })), selectors: expression.selectors(mayMissLabels) };
}
