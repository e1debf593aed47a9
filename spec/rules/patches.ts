// A patch that changes what slipway derives for security says why.
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { PatchSpec } from "../schema/patches.js";
import type { FieldIssue } from "../zod-issues.js";

/** Kinds slipway renders for zero trust: a patch of one needs a reason. */
const SECURITY_KINDS = new Set(["NetworkPolicy", "AuthorizationPolicy", "PeerAuthentication"]);
const SECURITY_FIELD = "securityContext";

export function patchRules(environment: EnvironmentSpec): FieldIssue[] {
  return environment.patches.flatMap((patch, index): FieldIssue[] => {
    const what = securitySensitive(patch);
    if (what === undefined || patch.reason !== undefined) return [];
    return [{ path: ["patches", index, "reason"], message: `required: the patch changes ${what}, which slipway derives for security; say why in reason (it is rendered on the object for reviewers)` }];
  });
}

function securitySensitive(patch: PatchSpec): string | undefined {
  if (SECURITY_KINDS.has(patch.target.kind)) return `a ${patch.target.kind}`;
  const paths = (patch.jsonPatch ?? []).flatMap((operation) => [operation.path, ..."from" in operation ? [operation.from] : []]);
  if (paths.some((path) => path.split("/").includes(SECURITY_FIELD)) || (patch.mergePatch !== undefined && holdsKey(patch.mergePatch, SECURITY_FIELD))) return "a securityContext";
  return undefined;
}

function holdsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((item) => holdsKey(item, key));
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(value).some(([name, inner]) => name === key || holdsKey(inner, key));
}
