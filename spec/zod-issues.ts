// Turns zod's issues into field issues a person can act on: one per unknown key (with a "did you
// mean"), missing fields said as "required", union failures reduced to the branch that was meant.
import type { z } from "zod";
import { closestMatch, type FieldPath } from "./issues.js";

export interface FieldIssue {
  readonly path: FieldPath;
  readonly message: string;
  /** Other fields the problem involves; the issue is blamed on whichever file set any of them. */
  readonly related?: readonly FieldPath[];
}

export type ZodIssue = z.core.$ZodIssue;

export function fieldIssues(issues: readonly ZodIssue[], schema: z.ZodType): FieldIssue[] {
  return issues.flatMap((issue) => explain(issue, schema, []));
}

function explain(issue: ZodIssue, schema: z.ZodType, base: FieldPath): FieldIssue[] {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeys(schema, path);
      return issue.keys.map((key) => {
        const suggestion = closestMatch(key, known);
        const hint = suggestion !== undefined ? `; did you mean "${suggestion}"?` : known.length > 0 ? `; known fields: ${known.join(", ")}` : "";
        return { path: [...path, key], message: `unknown field "${key}"${hint}` };
      });
    }
    case "invalid_type":
      if (issue.input === undefined) return [{ path, message: `required (${issue.expected})` }];
      return [{ path, message: issue.message.startsWith("Invalid input") ? `expected ${issue.expected}, got ${describe(issue.input)}` : issue.message }];
    case "invalid_key":
      return issue.issues.map((inner) => ({ path, message: `key ${inner.message}` }));
    case "invalid_union": {
      const branches = issue.errors.filter((branch) => !branch.every((inner) => inner.code === "invalid_type" && inner.path.length === 0));
      if (branches.length === 1) return branches[0]!.flatMap((inner) => explain(inner, schema, path));
      return [{ path, message: `${describe(issue.input)} matches none of the accepted forms` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Field names the schema accepts at `path`, for "did you mean" hints. */
function knownKeys(schema: z.ZodType, path: FieldPath): string[] {
  let node: unknown = schema;
  for (const key of path) {
    node = child(unwrap(node), key);
    if (node === undefined) return [];
  }
  const shape = objectShape(unwrap(node));
  return shape ? Object.keys(shape) : [];
}

interface Def {
  type: string;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  shape?: Record<string, unknown>;
}

function def(node: unknown): Def | undefined {
  return (node as { _zod?: { def: Def } } | undefined)?._zod?.def;
}

function unwrap(node: unknown): unknown {
  let current = node;
  for (let d = def(current); d && (d.innerType !== undefined || d.type === "pipe"); d = def(current)) {
    current = d.type === "pipe" ? d.in : d.innerType;
  }
  return current;
}

function objectShape(node: unknown): Record<string, unknown> | undefined {
  const d = def(node);
  if (d?.type === "object") return d.shape;
  if (d?.type === "union") return d.options?.map((option) => objectShape(unwrap(option))).find((shape) => shape !== undefined);
  return undefined;
}

function child(node: unknown, key: PropertyKey): unknown {
  const d = def(node);
  if (d?.type === "array") return d.element;
  if (d?.type === "record") return d.valueType;
  return objectShape(node)?.[String(key)];
}
