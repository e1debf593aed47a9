// A PromQL expression read with Prometheus's own grammar (@prometheus-io/lezer-promql): the calls,
// aggregations and range selectors the lint rules look at, instead of patterns over the text.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";

export interface RangeSelector {
  /** The metric name selected, when the selector names one. */
  readonly metric?: string;
  /** The range, as written ("5m"). */
  readonly range: string;
  /** Where the selector starts in the text. */
  readonly from: number;
}

export class Expression {
  private readonly root: SyntaxNode;

  constructor(readonly text: string) {
    this.root = parser.parse(text).topNode;
  }

  /** Whether the grammar reads the whole text (promtool reports what it cannot). */
  get parses(): boolean {
    let error = false;
    this.root.cursor().iterate((node) => {
      if (node.type.isError) error = true;
    });
    return !error;
  }

  /** Every call of a function, with its argument nodes. */
  calls(name: string): SyntaxNode[][] {
    return this.nodes("FunctionCall")
      .filter((call) => this.textOf(call.getChild("FunctionIdentifier")) === name)
      .map((call) => argumentsOf(call.getChild("FunctionCallBody")));
  }

  /** The range selectors (`metric{…}[5m]`) inside node, or the whole expression. */
  ranges(node: SyntaxNode = this.root): RangeSelector[] {
    return this.nodes("MatrixSelector", node).map((selector) => {
      const metric = this.textOf(selector.getChild("VectorSelector")?.getChild("Identifier") ?? null);
      return { ...(metric === undefined ? {} : { metric }), range: this.textOf(selector.lastChild)!, from: selector.from };
    });
  }

  /** The functions called on a range selector inside node: rate, increase, … */
  rangeFunctions(node: SyntaxNode = this.root): { name: string; selectors: RangeSelector[] }[] {
    return this.nodes("FunctionCall", node).flatMap((call) => {
      const selectors = argumentsOf(call.getChild("FunctionCallBody")).filter((argument) => argument.name === "MatrixSelector");
      return selectors.length === 0 ? [] : [{ name: this.textOf(call.getChild("FunctionIdentifier"))!, selectors: selectors.flatMap((selector) => this.ranges(selector)) }];
    });
  }

  /** The aggregations inside node, each with the labels it keeps: `by (…)` lists them, `without (…)` keeps all but those. */
  aggregations(node: SyntaxNode): { op: string; keeps: (label: string) => boolean }[] {
    return this.nodes("AggregateExpr", node).map((aggregation) => {
      const modifier = aggregation.getChild("AggregateModifier");
      const labels = modifier === null ? [] : this.nodes("LabelName", modifier).map((label) => this.textOf(label)!);
      const without = modifier?.getChild("Without") !== null && modifier !== null;
      return { op: this.textOf(aggregation.getChild("AggregateOp"))!, keeps: (label: string) => (modifier === null ? false : without ? !labels.includes(label) : labels.includes(label)) };
    });
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
