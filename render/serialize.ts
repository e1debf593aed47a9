// Stable YAML: keys sorted at every level (as kubectl prints them), no anchors, no folding, and
// YAML 1.1 look-alikes ("on", "0755", "1.0") quoted so kubectl reads strings back as strings.
import * as yaml from "js-yaml";

export function toYaml(value: unknown): string {
  return yaml.dump(value, { sortKeys: true, noRefs: true, lineWidth: -1 });
}
