// A PromQL expression read with Prometheus's own grammar (@prometheus-io/lezer-promql): the calls,
// aggregations and range selectors the lint rules look at, instead of patterns over the text.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { firstErrorAt } from "../../spec/promql-query.js";
import { type MatchOp, type SeriesSelector as DeclaredSelector, unquoteLiteral } from "../../spec/series-selector.js";

export interface RangeSelector {
  /** The metric name selected, when the selector names one. */
  readonly metric?: string;
  /** The range, as written ("5m"). */
  readonly range: string;
  /** Where the selector starts in the text. */
  readonly from: number;
}

/**
 * Parsed trees by the shape of their text: string literals blanked to spaces of the same length, so
 * positions hold for the original text. A platform's rules repeat a few shapes with other label
 * values (every service's SLO rules), so each shape is parsed once per thread.
 */
const SHAPES = new Map<string, Shape>();
const MAX_SHAPES = 4096;
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

/** A parsed shape, with what the rules asked of it so far (the same for every text of the shape). */
interface Shape {
  readonly root: SyntaxNode;
  readonly answers: Map<string, unknown>;
}

function shapeOf(text: string): Shape {
  const key = text.replace(STRING_LITERAL, (literal) => `${literal[0]}${" ".repeat(literal.length - 2)}${literal[0]}`);
  let shape = SHAPES.get(key);
  if (shape === undefined) {
    if (SHAPES.size >= MAX_SHAPES) SHAPES.clear();
    shape = { root: parser.parse(key).topNode, answers: new Map() };
    SHAPES.set(key, shape);
  }
  return shape;
}

/** A series selector of an expression: spec/series-selector's, whose metric an expression may leave out ({__name__=~…}). */
export type SeriesSelector = Omit<DeclaredSelector, "metric"> & { readonly metric?: string };

export class Expression {
  private readonly shape: Shape;
  private readonly root: SyntaxNode;

  constructor(readonly text: string) {
    this.shape = shapeOf(text);
    this.root = this.shape.root;
  }

  /** Whether the grammar reads the whole text (promtool reports what it cannot). */
  get parses(): boolean {
    return this.answer("parses", this.root, () => firstErrorAt(this.root) === undefined);
  }

  /** Every call of a function, with its argument nodes. */
  calls(name: string): SyntaxNode[][] {
    return this.answer(`calls ${name}`, this.root, () =>
      this.nodes("FunctionCall")
        .filter((call) => this.textOf(call.getChild("FunctionIdentifier")) === name)
        .map((call) => argumentsOf(call.getChild("FunctionCallBody"))),
    );
  }

  /** The range selectors (`metric{…}[5m]`) inside node, or the whole expression. */
  ranges(node: SyntaxNode = this.root): RangeSelector[] {
    return this.answer("ranges", node, () =>
      this.nodes("MatrixSelector", node).map((selector) => {
        const metric = this.textOf(selector.getChild("VectorSelector")?.getChild("Identifier") ?? null);
        return { ...(metric === undefined ? {} : { metric }), range: this.textOf(selector.lastChild)!, from: selector.from };
      }),
    );
  }

  /** The functions called on a range selector inside node: rate, increase, … */
  rangeFunctions(node: SyntaxNode = this.root): { name: string; selectors: RangeSelector[] }[] {
    return this.answer("rangeFunctions", node, () =>
      this.nodes("FunctionCall", node).flatMap((call) => {
        const selectors = argumentsOf(call.getChild("FunctionCallBody")).filter((argument) => argument.name === "MatrixSelector");
        return selectors.length === 0 ? [] : [{ name: this.textOf(call.getChild("FunctionIdentifier"))!, selectors: selectors.flatMap((selector) => this.ranges(selector)) }];
      }),
    );
  }

  /** The aggregations inside node, each with the labels it keeps: `by (…)` lists them, `without (…)` keeps all but those. */
  aggregations(node: SyntaxNode): { op: string; keeps: (label: string) => boolean }[] {
    return this.answer("aggregations", node, () =>
      this.nodes("AggregateExpr", node).map((aggregation) => {
        const modifier = aggregation.getChild("AggregateModifier");
        const labels = modifier === null ? [] : this.nodes("LabelName", modifier).map((label) => this.textOf(label)!);
        const without = modifier !== null && modifier.getChild("Without") !== null;
        return { op: this.textOf(aggregation.getChild("AggregateOp"))!, keeps: (label: string) => (modifier === null ? false : without ? !labels.includes(label) : labels.includes(label)) };
      }),
    );
  }

  /**
   * The series selectors (inside range selectors too) `keep` accepts by metric name and matched label
   * names: the name and label matchers, values as written in this text.
   */
  selectors(keep: (metric: string | undefined, labels: readonly string[]) => boolean = () => true): SeriesSelector[] {
    const shapes = this.answer("selectors", this.root, () =>
      this.nodes("VectorSelector").map((selector) => ({
        metric: this.textOf(selector.getChild("Identifier")),
        matchers: (selector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? []).map((matcher) => ({
          label: this.textOf(matcher.getChild("LabelName"))!,
          op: this.textOf(matcher.getChild("MatchOp"))! as MatchOp,
          value: matcher.getChild("StringLiteral")!,
        })),
      })),
    );
    // String literals differ between texts of one shape: their values are read from this text.
    return shapes.filter(({ metric, matchers }) => keep(metric, matchers.map(({ label }) => label))).map(({ metric, matchers }) => ({
      ...(metric === undefined ? {} : { metric }),
      matchers: matchers.map(({ label, op, value }) => ({ label, op, value: unquoteLiteral(this.textOf(value)!) })),
    }));
  }

  /**
   * What a question about a node answers, once per shape: identifiers, operators, ranges and label
   * names are in the shape, so the answers hold for every text of it. (Only textOf reads the text.)
   */
  private answer<T>(question: string, node: SyntaxNode, compute: () => T): T {
    const key = `${question} ${node.from} ${node.to}`;
    if (!this.shape.answers.has(key)) this.shape.answers.set(key, compute());
    return this.shape.answers.get(key) as T;
  }

  textOf(node: SyntaxNode | null): string | undefined {
    return node === null ? undefined : this.text.slice(node.from, node.to);
  }

  private nodes(name: string, under: SyntaxNode = this.root): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    const cursor = under.cursor();
    do {
      if (cursor.name === name) found.push(cursor.node);
    } while (cursor.next() && cursor.from < under.to);
    return found.filter((node) => node.from >= under.from && node.to <= under.to);
  }
}

/** The argument expressions of a call's body: its children but the parentheses and commas. */
function argumentsOf(body: SyntaxNode | null): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = body?.firstChild ?? null; child !== null; child = child.nextSibling) {
    if (!["(", ")", ","].includes(child.name)) found.push(child);
  }
  return found;
}
