// A PromQL query a spec declares (a scaling trigger), checked with Prometheus's own grammar once its
// placeholders are filled in.
import { parser } from "@prometheus-io/lezer-promql";
import { z } from "zod";

/** The placeholders a declared query or alert may use, filled in per environment. */
export const QUERY_PLACEHOLDERS = ["service", "namespace"];

export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Where the grammar stops reading the text, or undefined when it reads all of it. */
export function promqlSyntaxError(text: string): number | undefined {
  let at: number | undefined;
  parser.parse(text).cursor().iterate((node) => {
    if (node.type.isError && at === undefined) at = node.from;
  });
  return at;
}

export const promqlQuery = z.string().superRefine((text, ctx) => {
  const unknown = [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]!).filter((key) => !QUERY_PLACEHOLDERS.includes(key));
  if (unknown.length > 0) {
    ctx.addIssue({ code: "custom", message: `unknown placeholder ${unknown.map((key) => `\${${key}}`).join(", ")}; use \${service} or \${namespace}` });
    return;
  }
  const filled = fillPlaceholders(text, { service: "service", namespace: "namespace" });
  const at = text.trim() === "" ? 0 : promqlSyntaxError(filled);
  if (at === undefined) return;
  const rest = filled.slice(at, at + 20);
  ctx.addIssue({ code: "custom", message: `is not valid PromQL (the grammar stops ${rest === "" ? "at its end, " : "at "}character ${at + 1}${rest === "" ? "" : `: "${rest}"`})` });
});
