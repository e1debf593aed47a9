// A PromQL query a spec declares (a scaling trigger), checked with Prometheus's own grammar once its
// placeholders are filled in.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { z } from "zod";

/** The placeholders a declared query or alert may use, filled in per environment. */
const QUERY_PLACEHOLDERS = ["service", "namespace"];

/** What is wrong with the placeholders of a text: an unknown one, with the ones to use; undefined when none is. */
export function placeholderProblem(text: string): string | undefined {
  const unknown = [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]!).filter((key) => !QUERY_PLACEHOLDERS.includes(key));
  return unknown.length === 0 ? undefined : `unknown placeholder ${unknown.map((key) => `\${${key}}`).join(", ")}; use \${service} or \${namespace}`;
}

export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Where the grammar stops reading the text, or undefined when it reads all of it. */
export function promqlSyntaxError(text: string): number | undefined {
  return firstErrorAt(parser.parse(text).topNode);
}

/** Where the first node the grammar could not read starts in a parsed tree, or undefined. */
export function firstErrorAt(root: SyntaxNode): number | undefined {
  let at: number | undefined;
  root.cursor().iterate((node) => {
    if (node.type.isError && at === undefined) at = node.from;
  });
  return at;
}

export const promqlQuery = z.string().superRefine((text, ctx) => {
  const placeholders = placeholderProblem(text);
  if (placeholders !== undefined) {
    ctx.addIssue({ code: "custom", message: placeholders });
    return;
  }
  const filled = fillPlaceholders(text, { service: "service", namespace: "namespace" });
  const at = text.trim() === "" ? 0 : promqlSyntaxError(filled);
  if (at === undefined) return;
  const rest = filled.slice(at, at + 20);
  ctx.addIssue({ code: "custom", message: `is not valid PromQL (the grammar stops ${rest === "" ? "at its end, " : "at "}character ${at + 1}${rest === "" ? "" : `: "${rest}"`})` });
});
