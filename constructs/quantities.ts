// Spec quantity maps (plain strings) as the L1 bindings' Quantity values; unset entries dropped.
import { k8s } from "cdk8s-plus-28";

export function quantities(values: Readonly<Record<string, string | undefined>>): Record<string, k8s.Quantity> {
  return Object.fromEntries(Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [[key, k8s.Quantity.fromString(value)]])));
}
