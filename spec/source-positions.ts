// Where each field of a YAML file's documents is: line and column (1-based) by field path, from
// js-yaml's parse events, so that a finding about `spec.template.spec.containers.0.image` points
// at that line. A path with no position of its own (reached through an alias or a merge key) takes
// its nearest ancestor's.
import * as yaml from "js-yaml";

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

interface Frame {
  readonly kind: "map" | "seq" | "skip";
  readonly path: string;
  index: number;
  key: string | undefined;
  keyOffset: number;
}

type ParseEvent = { type: number; start?: number; valueStart?: number; valueEnd?: number };

/** Per document of the text, the offset of every field path ("" is the document); undefined when the text does not parse. */
function documentOffsets(text: string): Map<string, number>[] | undefined {
  let events: ParseEvent[];
  try {
    events = yaml.parseEvents(text, {}) as unknown as ParseEvent[];
  } catch {
    return undefined;
  }
  const documents: Map<string, number>[] = [];
  let offsets = new Map<string, number>();
  const stack: Frame[] = [];
  const at = (path: string, offset: number) => {
    if (!offsets.has(path)) offsets.set(path, offset);
  };
  for (const event of events) {
    if (event.type === yaml.EVENT_ID.DOCUMENT) {
      offsets = new Map();
      documents.push(offsets);
      continue;
    }
    if (event.type === yaml.EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const offset = event.valueStart ?? event.start ?? 0;
    const top = stack.at(-1);
    let path = "";
    if (top?.kind === "skip") {
      if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) stack.push({ kind: "skip", path: "", index: 0, key: undefined, keyOffset: 0 });
      continue;
    }
    if (top?.kind === "map") {
      if (top.key === undefined) {
        // A key: a scalar names the entry; a collection as a key is skipped, entry and all.
        if (event.type === yaml.EVENT_ID.SCALAR) {
          top.key = text.slice(event.valueStart, event.valueEnd);
          top.keyOffset = offset;
        } else {
          top.key = "";
          if (event.type === yaml.EVENT_ID.MAPPING || event.type === yaml.EVENT_ID.SEQUENCE) stack.push({ kind: "skip", path: "", index: 0, key: undefined, keyOffset: 0 });
        }
        continue;
      }
      path = top.path === "" ? top.key : `${top.path}.${top.key}`;
      at(path, top.keyOffset);
      top.key = undefined;
    } else if (top?.kind === "seq") {
      path = top.path === "" ? String(top.index) : `${top.path}.${top.index}`;
      top.index += 1;
      at(path, offset);
    } else {
      at("", offset);
    }
    if (event.type === yaml.EVENT_ID.MAPPING) stack.push({ kind: "map", path, index: 0, key: undefined, keyOffset: 0 });
    else if (event.type === yaml.EVENT_ID.SEQUENCE) stack.push({ kind: "seq", path, index: 0, key: undefined, keyOffset: 0 });
  }
  return documents;
}

/**
 * A locator per document: the position of a field path below `prefix` (a list item's `items.N`),
 * or of its nearest ancestor that has one.
 */
export function sourceLocators(text: string): ((prefix: readonly string[], path: string) => SourcePosition)[] {
  const documents = documentOffsets(text) ?? [];
  const lineStarts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lineStarts.push(index + 1);
  const position = (offset: number): SourcePosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  return documents.map((offsets) => (prefix, path) => {
    const segments = [...prefix, ...(path === "" ? [] : path.split("."))];
    for (let length = segments.length; length >= 0; length--) {
      const offset = offsets.get(segments.slice(0, length).join("."));
      if (offset !== undefined) return position(offset);
    }
    return { line: 1, column: 1 };
  });
}
