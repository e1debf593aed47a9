// JSON values compared by content (spec/json-values' canonical(): object keys sorted), so two
// renders of the same object compare equal whatever order their keys were written in: their leaves,
// the paths that differ, the items one list adds to another.
import { canonical } from "../spec/json-values.js";

/** Every leaf of value as `dotted.path → canonical value`; empty objects and lists are leaves. */
export function leaves(value: unknown, path = "", into = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === "object" && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child, path === "" ? key : `${path}.${key}`, into);
  } else {
    into.set(path, canonical(value));
  }
  return into;
}

/** The paths whose leaf differs between before and after (present in one only, or changed), sorted. */
export function changedPaths(before: unknown, after: unknown): string[] {
  const old = leaves(before);
  const now = leaves(after);
  const paths = new Set<string>();
  for (const [path, value] of now) if (old.get(path) !== value) paths.add(path);
  for (const path of old.keys()) if (!now.has(path)) paths.add(path);
  return [...paths].sort();
}

/** The items of after not in before, compared by content. */
export function added<T>(before: readonly T[], after: readonly T[], key: (item: T) => string = canonical): T[] {
  const old = new Set(before.map(key));
  return after.filter((item) => !old.has(key(item)));
}
