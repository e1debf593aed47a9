// JSON Merge Patch (RFC 7386): how an environment's `services:` overrides apply to the catalog.
// Objects merge key by key, arrays and scalars replace, null removes.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * Whether the patch decided the value at `path`: it sets that value, or replaces (or removes)
 * an ancestor of it. A path the patch only passes through on its way elsewhere was not decided.
 */
export function patchDecides(patch: unknown, path: readonly PropertyKey[]): boolean {
  let node = patch;
  for (const key of path) {
    if (!isPlainObject(node)) return node !== undefined;
    if (!Object.hasOwn(node, String(key))) return false;
    node = node[String(key)];
  }
  return node !== undefined;
}
