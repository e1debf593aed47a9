// Stable YAML: keys sorted at every level (as kubectl prints them), no anchors, no folding, and
// YAML 1.1 look-alikes ("on", "0755", "1_000") quoted so kubectl reads strings back as strings.
//
// The bytes are js-yaml's (block style, 2-space indent). js-yaml decides every scalar's
// representation — plain, quoted, escaped or block — and those decisions are the hard part of
// YAML, so they stay its own; but asking it to dump a whole object repeats them for every label,
// every apiVersion, every port name in the output, which made serialization the largest stage of a
// render. toYaml lays out the mappings and sequences of JSON-shaped data itself and asks js-yaml
// once per distinct scalar. test/render/serialize.test.ts holds it byte-for-byte to yaml.dump over
// every rendered object and thousands of generated documents. Anything else goes to yaml.dump.
import * as yaml from "js-yaml";
import { compareStrings } from "../spec/order.js";

const OPTIONS = { sortKeys: true, noRefs: true, lineWidth: -1 } as const;

export function toYaml(value: unknown): string {
  if (!isPlainObject(value) || !isJsonShaped(value)) return yaml.dump(value, OPTIONS);
  const lines: Lines = Object.assign([], { keptAt: -1 });
  if (!writeMapping(value, 0, lines)) return yaml.dump(value, OPTIONS);
  // A document that ends in a keep-chomped block scalar ("|+") ends with an explicit "...".
  if (lines.keptAt === lines.length) lines.push("...");
  return `${lines.join("\n")}\n`;
}

/** Output lines, and the length they had right after the last keep-chomped block scalar. */
type Lines = string[] & { keptAt: number };

/** js-yaml's text for a scalar at the top level ("..." dropped), by value; keys separately (they may not be block scalars). */
const scalars = new Map<string, { text: string; kept: boolean }>();
const keys = new Map<string, string | undefined>();

function scalarText(value: string | number | boolean | null): { text: string; kept: boolean } {
  // Keyed by type and exact value: 0 and -0 are different scalars.
  const id = typeof value === "string" ? `s${value}` : `${typeof value}:${Object.is(value, -0) ? "-0" : String(value)}`;
  let entry = scalars.get(id);
  if (entry === undefined) {
    const text = yaml.dump(value, OPTIONS).slice(0, -1);
    entry = text.endsWith("\n...") ? { text: text.slice(0, -"\n...".length), kept: true } : { text, kept: false };
    scalars.set(id, entry);
  }
  return entry;
}

/** undefined when the key needs YAML's explicit `? key` form: the caller falls back to yaml.dump. */
function keyText(key: string): string | undefined {
  if (!keys.has(key)) {
    const line = yaml.dump({ [key]: null }, OPTIONS).slice(0, -1);
    keys.set(key, line.endsWith(": null") && !line.includes("\n") ? line.slice(0, -": null".length) : undefined);
  }
  return keys.get(key);
}

/**
 * Appends `prefix` + the scalar; false for a block scalar with an indentation indicator ("|2-"),
 * whose number depends on where it stands: the caller falls back to yaml.dump.
 */
function pushScalar(lines: Lines, prefix: string, value: string | number | boolean | null, indent: number): boolean {
  const { text, kept } = scalarText(value);
  const [first, ...rest] = text.split("\n");
  if (/^[|>][0-9]/.test(first!)) return false;
  lines.push(`${prefix}${first}`);
  // At the top level js-yaml indents block content by 2; nested, by 2 more than the line it hangs from.
  const pad = " ".repeat(indent);
  for (const line of rest) lines.push(line === "" ? "" : `${pad}${line}`);
  if (kept) lines.keptAt = lines.length;
  return true;
}

function writeMapping(object: Record<string, unknown>, indent: number, lines: Lines, firstPrefix?: string): boolean {
  const pad = " ".repeat(indent);
  const names = Object.keys(object).sort(compareStrings);
  for (const [position, name] of names.entries()) {
    const key = keyText(name);
    if (key === undefined) return false;
    const lead = position === 0 && firstPrefix !== undefined ? firstPrefix : pad;
    if (!writeEntry(object[name], `${lead}${key}:`, indent, lines)) return false;
  }
  return true;
}

/** One `key:` (or `-`) followed by its value: inline when scalar or empty, on the next lines otherwise. */
function writeEntry(value: unknown, head: string, indent: number, lines: Lines): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`);
    else {
      lines.push(head);
      return writeSequence(value, indent + 2, lines);
    }
  } else if (isPlainObject(value)) {
    if (Object.keys(value).length === 0) lines.push(`${head} {}`);
    else {
      lines.push(head);
      return writeMapping(value, indent + 2, lines);
    }
  } else {
    return pushScalar(lines, `${head} `, value as string | number | boolean | null, indent);
  }
  return true;
}

function writeSequence(items: readonly unknown[], indent: number, lines: Lines): boolean {
  const pad = " ".repeat(indent);
  for (const item of items) {
    if (Array.isArray(item) && item.length > 0) {
      // "- - x": the nested sequence starts on the dash's line.
      const start = lines.length;
      if (!writeSequence(item, indent + 2, lines)) return false;
      lines[start] = `${pad}- ${lines[start]!.slice(indent + 2)}`;
    } else if (isPlainObject(item) && Object.keys(item).length > 0) {
      if (!writeMapping(item, indent + 2, lines, `${pad}- `)) return false;
    } else if (Array.isArray(item) || isPlainObject(item)) {
      lines.push(`${pad}- ${Array.isArray(item) ? "[]" : "{}"}`);
    } else if (!pushScalar(lines, `${pad}- `, item as string | number | boolean | null, indent)) {
      return false;
    }
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Only plain objects, arrays, strings, finite or not numbers, booleans and null, all the way down. */
function isJsonShaped(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return true;
  if (Array.isArray(value)) return value.every(isJsonShaped);
  if (isPlainObject(value)) return Object.values(value).every(isJsonShaped);
  return false;
}
