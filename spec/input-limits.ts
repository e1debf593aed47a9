// Bounds on what one input file may hold, so that no file — a spec or a manifest, written by
// mistake or by an attacker — can make slipway run out of memory, time or stack. YAML aliases are
// counted once per use: a kilobyte of nested aliases can stand for billions of values.
import { type FieldPath, formatPath } from "./issues.js";

export interface InputLimits {
  /** Bytes of one file. */
  readonly fileBytes: number;
  /** Values (mappings, lists and scalars) in one document, aliases expanded. */
  readonly nodes: number;
  /** Levels of nested mappings and lists in one document. */
  readonly depth: number;
  /** UTF-8 bytes of one string (a key or a value). */
  readonly valueBytes: number;
}

export const INPUT_LIMITS: InputLimits = {
  fileBytes: 32 * 1024 * 1024,
  nodes: 1_000_000,
  depth: 100,
  // Kubernetes' own bound on a ConfigMap's data, and far below what serializing a string needs.
  valueBytes: 1024 * 1024,
};

/**
 * Keys that would change a JavaScript object's prototype, or shadow what every object inherits,
 * were they used as object keys.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Levels of a path too deep to show in full that are shown. */
const SHOWN_DEPTH = 8;

export interface LimitProblem {
  /** Where the limit was crossed, inside the document. */
  readonly path: FieldPath;
  readonly message: string;
}

/**
 * The first limit a parsed document crosses, or undefined. Walks the document as it would be
 * expanded (a shared object is visited once per reference) and stops at the first problem, so it
 * never does more than `limits.nodes` steps. A cycle is caught as excessive depth.
 * A `__proto__` key is a problem too: it cannot mean anything in a spec or a manifest.
 */
export function inputLimitProblem(document: unknown, limits: InputLimits = INPUT_LIMITS): LimitProblem | undefined {
  const path: (string | number)[] = [];
  let nodes = 0;
  const visit = (value: unknown, depth: number): LimitProblem | undefined => {
    nodes += 1;
    if (nodes > limits.nodes) {
      // The whole document is too large, not the value where the count ran out: blame the document.
      return {
        path: [],
        message: `holds more than ${limits.nodes.toLocaleString("en")} values with YAML aliases expanded (each use of an alias counts in full, and the count ran out at ${formatPath(path) || "the top"}); split the file, or stop nesting aliases in aliases`,
      };
    }
    if (typeof value === "string") return stringProblem(value, "value", limits, path);
    if (typeof value !== "object" || value === null) return undefined;
    if (depth >= limits.depth) {
      return {
        path: path.slice(0, SHOWN_DEPTH),
        message: `nests more than ${limits.depth} levels of mappings and lists (a cyclic or runaway structure)${path.length > SHOWN_DEPTH ? `, from here on: ${formatPath(path.slice(SHOWN_DEPTH, 2 * SHOWN_DEPTH))}…` : ""}`,
      };
    }
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        const problem = visit(value[index], depth + 1);
        path.pop();
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    for (const key of Object.keys(value)) {
      path.push(key);
      const problem =
        key === "__proto__"
          ? { path: [...path], message: '"__proto__" cannot be a key: it would replace the JavaScript prototype of the object holding it; remove it' }
          : (stringProblem(key, "key", limits, path) ?? visit((value as Record<string, unknown>)[key], depth + 1));
      path.pop();
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
  return visit(document, 0);
}

function stringProblem(text: string, what: "key" | "value", limits: InputLimits, path: readonly (string | number)[]): LimitProblem | undefined {
  // UTF-8 takes 1 to 3 bytes per UTF-16 code unit: count bytes only when the length leaves it open.
  if (text.length * 3 <= limits.valueBytes) return undefined;
  const bytes = Buffer.byteLength(text);
  if (bytes <= limits.valueBytes) return undefined;
  return {
    path: [...path],
    message: `is a ${what} of ${formatBytes(bytes)}; a ${what} may hold at most ${formatBytes(limits.valueBytes)} (Kubernetes' limit for a ConfigMap's data); ship large content in the image or a volume`,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}
