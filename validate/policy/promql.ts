// PromQL that promtool accepts but that computes nothing meaningful, read with Prometheus's own
// grammar: a quantile over something that is not a rate of histogram buckets kept by `le`, and a
// rate of a series that is not a counter. Each finding names the alert or recording rule.
import { Expression } from "../promql/expression.js";
import { promqlEntries } from "../promql/rule-entries.js";
import type { Json, PolicyRule, Violation } from "./rule.js";

/** Counter names by convention (the Prometheus naming guide, and the series a histogram or summary exposes). */
const COUNTER_SUFFIXES = ["_total", "_count", "_sum", "_bucket"];
const RATE_FUNCTIONS = ["rate", "irate", "increase"];

/** The expressions of the object being checked, read once for every rule of this file. */
const READ = new Map<string, Expression>();

function expressionOf(text: string): Expression {
  let expression = READ.get(text);
  if (expression === undefined) {
    if (READ.size >= 256) READ.clear();
    expression = new Expression(text);
    READ.set(text, expression);
  }
  return expression;
}

/**
 * Each rule of a PrometheusRule (or query of a ScaledObject) whose text may hold what the check looks for (`mentions`, a plain
 * substring test that only spares the grammar a text it could not flag), with its expression, path
 * and name.
 */
function eachExpression(mentions: RegExp, check: (expression: Expression, path: string, name: string) => Violation[]) {
  return (object: Json): Violation[] => {
    return promqlEntries(object).flatMap(({ rule, path, name }) => {
      if (typeof rule?.expr !== "string" || !mentions.test(rule.expr)) return [];
      const expression = expressionOf(rule.expr);
      return expression.parses ? check(expression, path, name) : []; // what does not parse is promtool's to report
    });
  };
}

export const promqlRules: readonly PolicyRule[] = [
  {
    id: "promql/histogram-quantile",
    severity: "error",
    fix: "take the quantile of a rate of the _bucket series, aggregated by le: histogram_quantile(0.95, sum by (le) (rate(<name>_bucket[5m])))",
    check: eachExpression(/histogram_quantile/, (expression, path, name) =>
      expression.calls("histogram_quantile").flatMap((args): Violation[] => {
        const series = args[1];
        if (series === undefined) return [];
        const rated = expression.rangeFunctions(series).filter((call) => RATE_FUNCTIONS.includes(call.name));
        const what = expression.textOf(series);
        if (rated.length === 0) return [{ path, message: `${name}: histogram_quantile of ${what}, which is no rate: a quantile needs the rate of each bucket over a window` }];
        const buckets = rated.flatMap(({ selectors }) => selectors).some(({ metric }) => metric?.endsWith("_bucket") === true);
        // A native histogram is rated whole (no _bucket series, no le): nothing to check there.
        if (!buckets) return [];
        const dropsLe = expression.aggregations(series).filter((aggregation) => !aggregation.keeps("le"));
        return dropsLe.length === 0 ? [] : [{ path, message: `${name}: histogram_quantile over ${dropsLe.map(({ op }) => op).join(", ")} without le, which merges the buckets it needs` }];
      }),
    ),
  },
  {
    id: "promql/rate-of-gauge",
    severity: "warning",
    fix: "rate and increase are for counters (named *_total, or a histogram's or summary's _count, _sum, _bucket); for a gauge use it as it is, deriv() or delta()",
    check: eachExpression(/rate|increase/, (expression, path, name) => {
      // A native histogram is a series rated whole inside histogram_quantile, whatever its name.
      const quantiles = expression.calls("histogram_quantile").flatMap((args) => (args[1] === undefined ? [] : [args[1]]));
      const inQuantile = (from: number) => quantiles.some((series) => from >= series.from && from < series.to);
      return expression
        .rangeFunctions()
        .filter((call) => RATE_FUNCTIONS.includes(call.name))
        .flatMap((call) =>
          call.selectors
            .filter(({ metric, from }) => metric !== undefined && !COUNTER_SUFFIXES.some((suffix) => metric.endsWith(suffix)) && !inQuantile(from))
            .map(({ metric }) => ({ path, message: `${name}: ${call.name}(${metric}[…]) — ${metric} is not a counter by its name` })),
        );
    }),
  },
];
