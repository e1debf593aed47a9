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
      const node = nodeAt(schema, path);
      const known = keysOf(node, issue.input);
      return issue.keys.map((key) => {
        const owners = variantsWith(node, key);
        if (owners.length > 0) {
          const discriminator = owners[0]!.discriminator;
          const values = owners.flatMap((owner) => owner.values);
          return { path: [...path, key], message: `"${key}" is not a field of ${discriminator} ${JSON.stringify(discriminatorOf(node, issue.input))}: it belongs to ${discriminator} ${values.join(" or ")} (set ${discriminator}: ${values[0]}), or remove it` };
        }
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
      const discriminated = issue as ZodIssue & { note?: string; options?: unknown[] };
      if (discriminated.note === "No matching discriminator") {
        const accepted = (discriminated.options ?? []).filter((option) => option !== null && option !== undefined).map(String);
        const given = (issue.input as Record<string, unknown> | undefined)?.[String(path.at(-1))];
        // A union's discriminator has no default: an object given without it says which forms there are.
        if (given === undefined) return [{ path, message: `required: ${String(path.at(-1))} is one of ${accepted.join(", ")}, and picks which other fields apply (a default applies only when the whole object is left out)` }];
        return [{ path, message: `${JSON.stringify(given)} is not one of ${accepted.join(", ")}` }];
      }
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

/** The schema node at `path` (list items and map values included), unwrapped. */
function nodeAt(schema: z.ZodType, path: FieldPath): unknown {
  let node: unknown = schema;
  for (const key of path) {
    node = child(unwrap(node), key);
    if (node === undefined) return undefined;
  }
  return unwrap(node);
}

/** Field names accepted where `input` stands, for "did you mean" hints: of the variant its discriminator picks, in a discriminated union. */
function keysOf(node: unknown, input: unknown): string[] {
  const shape = objectShape(node, input);
  return shape ? Object.keys(shape) : [];
}

/** A discriminated union's discriminator value for an input (the default variant's when it has none). */
function discriminatorOf(node: unknown, input: unknown): unknown {
  const d = def(node);
  if (d?.type !== "union" || d.discriminator === undefined) return undefined;
  const value = (input as Record<string, unknown> | undefined)?.[d.discriminator];
  return value ?? variants(node).find(({ values }) => values.includes(undefined))?.values.find((candidate) => candidate !== undefined);
}

/** Variants of a discriminated union that have a field the chosen variant lacks. */
function variantsWith(node: unknown, key: string): { discriminator: string; values: string[] }[] {
  const discriminator = def(node)?.discriminator;
  if (discriminator === undefined) return [];
  return variants(node)
    .filter(({ shape }) => Object.hasOwn(shape, key))
    .map(({ values }) => ({ discriminator, values: values.filter((value): value is string => typeof value === "string") }));
}

/** Each variant of a discriminated union: its shape and the discriminator values that pick it (undefined when it is the default). */
function variants(node: unknown): { shape: Record<string, unknown>; values: unknown[] }[] {
  const d = def(node);
  if (d?.type !== "union" || d.discriminator === undefined) return [];
  return (d.options ?? []).flatMap((option) => {
    const shape = objectShape(unwrap(option));
    if (shape === undefined) return [];
    const field = shape[d.discriminator!];
    const literal = def(unwrap(field));
    const values = [...(literal?.values ?? []), ...(def(field)?.type === "default" ? [undefined] : [])];
    return [{ shape, values }];
  });
}

interface Def {
  type: string;
  discriminator?: string;
  values?: unknown[];
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

/** The fields of an object schema; of a union, those of the variant the input's discriminator picks, else of its first object variant. */
function objectShape(node: unknown, input?: unknown): Record<string, unknown> | undefined {
  const d = def(node);
  if (d?.type === "object") return d.shape;
  if (d?.type !== "union") return undefined;
  if (d.discriminator !== undefined) {
    const value = discriminatorOf(node, input);
    const picked = variants(node).find(({ values }) => values.includes(value));
    if (picked !== undefined) return picked.shape;
  }
  return d.options?.map((option) => objectShape(unwrap(option))).find((shape) => shape !== undefined);
}

function child(node: unknown, key: PropertyKey): unknown {
  const d = def(node);
  if (d?.type === "array") return d.element;
  if (d?.type === "record") return d.valueType;
  // In a union, the field of whichever variant has it (the path was reached through that variant).
  if (d?.type === "union") return d.options?.map((option) => objectShape(unwrap(option))?.[String(key)]).find((field) => field !== undefined);
  return objectShape(node)?.[String(key)];
}
