// The API server reads a field set to null as a field not set (`creationTimestamp: null`,
// `annotations: null`, `args: null` in generated manifests): the schemas see objects that way.

/** The value with every mapping entry whose value is null left out; the value itself when it holds none. */
export function withoutNullFields<T>(value: T): T {
  return hasNullField(value) ? (pruned(value) as T) : value;
}

function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField);
  if (typeof value !== "object" || value === null) return false;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (field === null || hasNullField(field)) return true;
  }
  return false;
}

function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruned);
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== null) result[key] = pruned(field);
  return result;
}
