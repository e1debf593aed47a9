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

/**
 * What yaml.dump(scalar, OPTIONS) writes, through the two steps dump itself takes (jsToAst, then
 * present) without its per-call option merging and tree walks, which cost more than the scalar.
 */
const PRESENTER = { lineWidth: OPTIONS.lineWidth, schema: yaml.DUMP_SCHEMA };
const AST_OPTIONS = { noRefs: OPTIONS.noRefs, skipInvalid: false };
/**
 * jsToAst's node for a string: every string gets the schema's string tag and plain style, only
 * the value differs (test/render/serialize.test.ts checks it against jsToAst). Building it directly
 * skips jsToAst's per-call set-up of the schema's tag list, the larger part of a scalar's cost.
 */
const STRING_NODE = yaml.jsToAst("", yaml.DUMP_SCHEMA, AST_OPTIONS)[0]!.contents as yaml.ScalarNode;
export function stringDocument(value: string): yaml.Document[] {
  return [{ contents: { ...STRING_NODE, value }, directives: [] }];
}
/**
 * A string of letters, digits and "_./-" that starts with a letter or digit is written plain, as
 * it is, unless the schema reads it back as something else ("true", "0755", "1e3", "2024-01-01"):
 * the two checks js-yaml's presenter makes for such a string, without the presenter. Most
 * strings of a render (names, labels, images, paths) are of this kind and few repeat.
 */
const PLAIN_AS_IS = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;
const STRING_TAG = STRING_NODE.tag;
function writtenAsIs(value: string): boolean {
  return PLAIN_AS_IS.test(value) && (yaml.DUMP_SCHEMA as unknown as ImplicitResolver).resolveImplicitScalarTag(value).tag.tagName === STRING_TAG;
}
/**
 * A multi-line string of printable characters, not only whitespace and not starting (after any
 * empty lines) with a space, is written as a literal block, "|" with its chomping indicator ("-":
 * no final line break, none: one, "+": more), its lines indented: what js-yaml's presenter does
 * with it (lineWidth -1 never folds), without running its style checks over the whole text —
 * dashboards and rule expressions are most of a render's bytes.
 */
const LITERAL_AS_IS = /^[\n\x20-\x7E\xA1-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]*$/;
function literalBlock(value: string): ScalarText | undefined {
  if (!value.includes("\n") || !LITERAL_AS_IS.test(value) || !/\S/.test(value) || /^\n* /.test(value)) return undefined;
  const chomping = !value.endsWith("\n") ? "-" : value.endsWith("\n\n") ? "+" : "";
  return { first: `|${chomping}`, rest: NO_LINES, block: chomping === "-" ? value : value.slice(0, -1), kept: chomping === "+", movable: true };
}
/** A literal block's lines with `padding` before each that is not empty. */
function indented(block: string, padding: string): string {
  if (!block.startsWith("\n") && !block.endsWith("\n") && !block.includes("\n\n")) return padding + block.replaceAll("\n", `\n${padding}`);
  return block
    .split("\n")
    .map((line) => (line === "" ? "" : padding + line))
    .join("\n");
}
interface ImplicitResolver {
  resolveImplicitScalarTag(source: string): { tag: { tagName: string } };
}
function dumpScalar(value: string | number | boolean | null): string {
  return yaml.present(typeof value === "string" ? stringDocument(value) : yaml.jsToAst(value, yaml.DUMP_SCHEMA, AST_OPTIONS), PRESENTER);
}

export function toYaml(value: unknown): string {
  if (!isPlainObject(value)) return yaml.dump(value, OPTIONS);
  const lines: Lines = Object.assign([], { keptAt: -1 });
  // false: something only yaml.dump writes (a non-JSON value, an explicit key, an indentation indicator).
  if (!writeMapping(value, 0, lines)) return yaml.dump(value, OPTIONS);
  // A document that ends in a keep-chomped block scalar ("|+") ends with an explicit "...".
  if (lines.keptAt === lines.length) lines.push("...");
  return `${lines.join("\n")}\n`;
}

/** Output lines, and the length they had right after the last keep-chomped block scalar. */
type Lines = string[] & { keptAt: number };

/**
 * js-yaml's text for a scalar at the top level, split into its first line and the rest ("..."
 * dropped); `movable` is false where the text depends on where it stands: a block scalar with an
 * indentation indicator ("|2-"), and a string opening with a document marker.
 */
interface ScalarText {
  readonly first: string;
  readonly rest: readonly string[];
  /**
   * A literal block's lines, unindented, as one string: indented in one pass where it is written
   * (a dashboard is hundreds of lines: one replace instead of a string and an array entry per line).
   */
  readonly block?: string;
  readonly kept: boolean;
  readonly movable: boolean;
}

/**
 * Memos by value: strings, numbers (0 and -0 are different scalars), and keys (which may not be
 * block scalars). Only short strings are kept: long ones (rule expressions, dashboards) seldom
 * repeat, and keeping them held tens of megabytes for the whole render.
 */
const strings = new Map<string, ScalarText>();
const MEMO_MAX_LENGTH = 128;
const numbers = new Map<number, ScalarText>();
const keys = new Map<string, string | undefined>();
const constants = new Map<boolean | null, ScalarText>();

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=$|[ \t\n\r])/;

/** What scalarText gives for a string written as it is (writtenAsIs): one entry shared by all of them. */
const AS_IS: ScalarText = { first: "", rest: [], kept: false, movable: true };
const NO_LINES: readonly string[] = [];

function scalarText(value: string | number | boolean | null): ScalarText {
  if (typeof value === "string" && value.length > MEMO_MAX_LENGTH) return literalBlock(value) ?? presented(value);
  const memo: Map<unknown, ScalarText> = typeof value === "string" ? strings : typeof value === "number" ? numbers : constants;
  const id = Object.is(value, -0) ? "-0" : value;
  let entry = memo.get(id);
  if (entry === undefined) {
    entry = typeof value !== "string" ? presented(value) : writtenAsIs(value) ? AS_IS : (literalBlock(value) ?? presented(value));
    memo.set(id, entry);
  }
  return entry;
}

/** js-yaml's own text for the scalar. */
function presented(value: string | number | boolean | null): ScalarText {
  let text = dumpScalar(value).slice(0, -1);
  const kept = text.endsWith("\n...");
  if (kept) text = text.slice(0, -"\n...".length);
  const [first, ...rest] = text.split("\n");
  // "---" or "..." opening a line is quoted at the top level only (it would end the document there).
  return { first: first!, rest: rest.length === 0 ? NO_LINES : rest, kept, movable: !/^[|>][0-9]/.test(first!) && !(typeof value === "string" && DOCUMENT_MARKER.test(value)) };
}

/** undefined when the key needs YAML's explicit `? key` form. */
function keyText(key: string): string | undefined {
  let text = keys.get(key);
  if (text === undefined && !keys.has(key)) {
    const line = yaml.dump({ [key]: null }, OPTIONS).slice(0, -1);
    text = line.endsWith(": null") && !line.includes("\n") ? line.slice(0, -": null".length) : undefined;
    keys.set(key, text);
  }
  return text;
}

const pads: string[] = [];
function pad(indent: number): string {
  return (pads[indent] ??= " ".repeat(indent));
}

/** Appends `prefix` + the scalar; false when it cannot be moved from the top level (see ScalarText). */
function pushScalar(lines: Lines, prefix: string, value: string | number | boolean | null, indent: number): boolean {
  const text = scalarText(value);
  if (text === AS_IS) {
    lines.push(prefix + (value as string));
    return true;
  }
  const { first, rest, block, kept, movable } = text;
  if (!movable) return false;
  lines.push(prefix + first);
  // At the top level js-yaml indents block content by 2; nested, by 2 more than the line it hangs from.
  if (block !== undefined) lines.push(indented(block, pad(indent + 2)));
  if (rest.length > 0) {
    const padding = pad(indent);
    for (const line of rest) lines.push(line === "" ? "" : padding + line);
  }
  if (kept) lines.keptAt = lines.length;
  return true;
}

function writeMapping(object: Record<string, unknown>, indent: number, lines: Lines, firstPrefix?: string): boolean {
  const padding = pad(indent);
  const names = sortInPlace(Object.keys(object));
  for (let position = 0; position < names.length; position++) {
    const name = names[position]!;
    const key = keyText(name);
    if (key === undefined) return false;
    const lead = position === 0 && firstPrefix !== undefined ? firstPrefix : padding;
    if (!writeEntry(object[name], `${lead}${key}:`, indent, lines)) return false;
  }
  return true;
}

/** One `key:` (or `-`) followed by its value: inline when scalar or empty, on the next lines otherwise. */
function writeEntry(value: unknown, head: string, indent: number, lines: Lines): boolean {
  if (isScalar(value)) return pushScalar(lines, `${head} `, value, indent);
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`);
    else {
      lines.push(head);
      return writeSequence(value, indent + 2, lines);
    }
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const _ in value) {
    lines.push(head);
    return writeMapping(value, indent + 2, lines);
  }
  lines.push(`${head} {}`);
  return true;
}

function writeSequence(items: readonly unknown[], indent: number, lines: Lines): boolean {
  const padding = pad(indent);
  for (const item of items) {
    if (isScalar(item)) {
      if (!pushScalar(lines, `${padding}- `, item, indent)) return false;
    } else if (Array.isArray(item)) {
      if (item.length === 0) lines.push(`${padding}- []`);
      else {
        // "- - x": the nested sequence starts on the dash's line.
        const start = lines.length;
        if (!writeSequence(item, indent + 2, lines)) return false;
        lines[start] = `${padding}- ${lines[start]!.slice(indent + 2)}`;
      }
    } else if (!isPlainObject(item)) {
      return false;
    } else if (Object.keys(item).length === 0) {
      lines.push(`${padding}- {}`);
    } else if (!writeMapping(item, indent + 2, lines, `${padding}- `)) {
      return false;
    }
  }
  return true;
}

/**
 * Sorts keys in code-unit order. A mapping has a handful of keys, and Array.prototype.sort copies
 * its array into a work array on every call: over every mapping of a large render that copying
 * was an eighth of all memory allocated, and its garbage collection a matching share of the time.
 */
export function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort(compareStrings);
  for (let next = 1; next < keys.length; next++) {
    const key = keys[next]!;
    let position = next;
    while (position > 0 && keys[position - 1]! > key) {
      keys[position] = keys[position - 1]!;
      position -= 1;
    }
    keys[position] = key;
  }
  return keys;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
