// Reading values of unchecked JSON (a manifest, a kustomization, a spec document) by the shape they should have.

/** The strings of a list; anything else (not a list, or an item that is not a string) is left out. */
export function stringItems(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
