// A PromQL series selector as an SLI declares it (`http_requests_total{code=~"5.."}`), read with
// Prometheus's own grammar: the metric name and each label matcher.
import { parser } from "@prometheus-io/lezer-promql";
import { firstErrorAt } from "./promql-query.js";

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  /** The value, unquoted. */
  readonly value: string;
}

export interface SeriesSelector {
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

/** The selector, or what keeps the text from being one. */
export function parseSeriesSelector(text: string): SeriesSelector | string {
  const root = parser.parse(text).topNode;
  const selector = root.firstChild;
  if (firstErrorAt(root) !== undefined || selector === null || selector.name !== "VectorSelector" || selector.nextSibling !== null) {
    return "is not a series selector: write a metric name with optional label matchers, e.g. http_requests_total{code=~\"5..\"}";
  }
  const identifier = selector.getChild("Identifier");
  if (identifier === null) return "names no metric: write the metric name before the braces, e.g. http_requests_total{code=~\"5..\"}";
  const matchers: LabelMatcher[] = [];
  for (const matcher of selector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []) {
    const label = text.slice(matcher.getChild("LabelName")!.from, matcher.getChild("LabelName")!.to);
    const op = text.slice(matcher.getChild("MatchOp")!.from, matcher.getChild("MatchOp")!.to) as MatchOp;
    const literal = matcher.getChild("StringLiteral")!;
    matchers.push({ label, op, value: unquoteLiteral(text.slice(literal.from, literal.to)) });
  }
  if (selector.getChild("LabelMatchers")?.getChild("QuotedLabelMatcher") || selector.getChild("LabelMatchers")?.getChild("QuotedLabelName")) {
    return "quotes a label name; write label names bare: name=\"value\"";
  }
  return { metric: text.slice(identifier.from, identifier.to), matchers };
}

/** The matchers as PromQL text, comma-separated, without braces. */
export function matcherText(matchers: readonly LabelMatcher[]): string {
  return matchers.map(({ label, op, value }) => `${label}${op}${JSON.stringify(value)}`).join(",");
}

/** Whether a series with these labels (absent = "") passes the matcher, RE2's anchored match read as JavaScript's. */
export function matches(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.label] ?? "";
  switch (matcher.op) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
      return fullMatch(matcher.value, value) === true;
    case "!~":
      return fullMatch(matcher.value, value) === false;
  }
}

/** undefined when JavaScript cannot read the RE2 expression (e.g. its (?i) flag). */
function fullMatch(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return undefined;
  }
}

/** A PromQL string literal's value: "…" and '…' with Go's escapes, `…` raw. */
export function unquoteLiteral(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  try {
    return JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** Values tried for a label a matcher constrains: common label values, then the regex's own alternatives. */
const CANDIDATE_VALUES = ["", "500", "503", "5xx", "error", "200", "404", "ok", "true", "false", "GET", "/", "x"];

/**
 * Labels of a series that every matcher passes, on top of `base`; undefined when no label value the
 * candidates hold passes them all (the fixture then cannot be written: the selectors are too clever).
 */
export function labelsSatisfying(matchers: readonly LabelMatcher[], base: Readonly<Record<string, string>> = {}): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...base };
  for (const label of [...new Set(matchers.map((matcher) => matcher.label))]) {
    const onLabel = matchers.filter((matcher) => matcher.label === label);
    const value = candidatesFor(onLabel).find((candidate) => onLabel.every((matcher) => matches(matcher, { ...labels, [label]: candidate })));
    if (value === undefined) return undefined;
    if (value !== "") labels[label] = value;
  }
  return labels;
}

/** Labels that pass every `required` matcher and fail at least one of `excluded`; undefined when there are none among the candidates. */
export function labelsSatisfyingExcept(required: readonly LabelMatcher[], excluded: readonly LabelMatcher[], base: Readonly<Record<string, string>> = {}): Record<string, string> | undefined {
  for (const negated of excluded) {
    const labels = labelsSatisfying([...required, negate(negated)], base);
    if (labels !== undefined) return labels;
  }
  return undefined;
}

function negate(matcher: LabelMatcher): LabelMatcher {
  const opposite: Record<MatchOp, MatchOp> = { "=": "!=", "!=": "=", "=~": "!~", "!~": "=~" };
  return { ...matcher, op: opposite[matcher.op] };
}

/** A string a simple regex alternative matches: a class by its first member, any character by "0", groups and anchors dropped. */
function exampleOf(alternative: string): string {
  return alternative
    .replace(/\[\^?([^\]])[^\]]*\]/g, (whole, first: string) => (whole.startsWith("[^") ? "~" : first))
    .replace(/\\d/g, "0")
    .replace(/\\w/g, "a")
    .replace(/\\(.)/g, "$1")
    .replace(/\.|[()^$]/g, (char) => (char === "." ? "0" : ""))
    .replace(/[*?]|\{[0-9,]+\}/g, "")
    .replace(/\+/g, "");
}

function candidatesFor(matchers: readonly LabelMatcher[]): string[] {
  const own = matchers.flatMap(({ op, value }) => (op === "=" || op === "!=" ? [value] : value.split("|").map(exampleOf)));
  return [...new Set([...CANDIDATE_VALUES, ...own])];
}
