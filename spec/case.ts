// Names in other cases, where a DNS name cannot go as is (alert names are PascalCase).
export function upperCamel(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
