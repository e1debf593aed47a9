// User labels never collide with the standard labels, and derived label values stay valid.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { labelValue } from "../formats.js";
import { serviceVersion } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

const RESERVED_PREFIX = "app.kubernetes.io/";
const OWNED_KEYS = ["owner", "team"];

export function labelRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check = (labels: Record<string, string>, path: PropertyKey[]) => {
    for (const key of Object.keys(labels)) {
      if (key.startsWith(RESERVED_PREFIX)) {
        issues.push({ path: [...path, key], message: `${RESERVED_PREFIX}* labels are set by slipway from the spec; use another key` });
      } else if (OWNED_KEYS.includes(key) && path[0] !== "platform") {
        issues.push({ path: [...path, key], message: `"${key}" is set from platform.${key}; set it there` });
      }
    }
  };
  check(environment.platform.labels, ["platform", "labels"]);
  check(environment.labels, ["labels"]);
  for (const [name, service] of Object.entries(environment.services)) {
    check(service.podLabels, ["services", name, "podLabels"]);
    const version = serviceVersion(service);
    if (service.version === undefined && !labelValue.safeParse(version).success) {
      issues.push({
        path: ["services", name, "image", "tag"],
        message: `the tag "${version}" cannot be the app.kubernetes.io/version label (at most 63 characters, starting and ending with a letter or digit): set the service's version explicitly`,
      });
    }
    const instance = `${name}-${environment.name}`;
    if (instance.length > 63) {
      issues.push({
        path: ["services", name],
        message: `the instance label "${instance}" (service-environment) is ${instance.length} characters; label values allow 63: shorten the service or environment name`,
      });
    }
  }
  return issues;
}
