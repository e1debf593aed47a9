// Reading values of unchecked JSON (a manifest, a kustomization, a spec document) by the shape they
// should have, and comparing them by content.
import { compareStrings } from "./order.js";

/** The strings of a list; anything else (not a list, or an item that is not a string) is left out. */
export function stringItems(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** JSON with object keys sorted at every level: equal for two values of equal content, whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node !== null && typeof node === "object" && !Array.isArray(node) ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => compareStrings(a, b))) : node,
  );
}
