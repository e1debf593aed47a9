// Mesh authorization that lets more through: an Istio ALLOW policy granting a new (source,
// operation) pair, a DENY policy denying less or deleted, an action changed; a Linkerd
// authorization or authentication admitting new identities or networks.
import { canonical } from "../../spec/json-values.js";
import { added } from "../canonical.js";
import type { Json, ObjectChange } from "../object-changes.js";
import { changesOf, policyChangesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

const SOURCE_FIELDS = ["principals", "notPrincipals", "requestPrincipals", "notRequestPrincipals", "namespaces", "notNamespaces", "ipBlocks", "notIpBlocks", "remoteIpBlocks", "notRemoteIpBlocks"];

export const authorizationWidening: RiskCheck = {
  category: "authorization",
  check: (changes) => [
    ...policyChangesOf(changes, "security.istio.io/AuthorizationPolicy").flatMap(istioWidening),
    ...changesOf(changes, "policy.linkerd.io/AuthorizationPolicy", "policy.linkerd.io/MeshTLSAuthentication", "policy.linkerd.io/NetworkAuthentication").flatMap(linkerdWidening),
  ],
};

function istioWidening(change: ObjectChange): RiskFlag[] {
  const flag = (message: string): RiskFlag => ({ category: "authorization", service: change.service, message: `${change.ref} ${message}` });
  const action = (policy: Json | undefined) => policy?.spec?.action ?? "ALLOW";
  const { before, after } = change;
  if (before !== undefined && after !== undefined && action(before) !== action(after)) return [flag(`changes its action ${action(before)} → ${action(after)}`)];
  if (action(after ?? before) === "DENY") {
    const lifted = added(grants(after), grants(before));
    if (after === undefined) return [flag("is deleted: what it denied is allowed again")];
    return lifted.length === 0 ? [] : [flag(`no longer denies ${lifted.join("; ")}`)];
  }
  if (after === undefined || action(after) !== "ALLOW") return [];
  const granted = added(grants(before), grants(after));
  return granted.length === 0 ? [] : [flag(`allows ${granted.join("; ")} (new)`)];
}

/** Each (source, operation) a policy's rules match, described; a rule without `from` matches any source. */
function grants(policy: Json | undefined): string[] {
  return ((policy?.spec?.rules as Json[] | undefined) ?? []).flatMap((rule) => {
    const sources = rule.from?.length ? (rule.from as Json[]).flatMap(({ source }) => describeSource(source)) : ["any source"];
    const operations = rule.to?.length ? (rule.to as Json[]).map(({ operation }) => describeOperation(operation)) : ["anything"];
    const conditions = rule.when?.length ? ` when ${canonical(rule.when)}` : "";
    return sources.flatMap((source) => operations.map((operation) => `${source} to ${operation}${conditions}`));
  });
}

function describeSource(source: Json | undefined): string[] {
  const terms = SOURCE_FIELDS.flatMap((field) => ((source?.[field] as string[] | undefined) ?? []).map((value) => `${field.replace(/s$/, "")} ${value}`));
  return terms.length === 0 ? ["any source"] : terms;
}

function describeOperation(operation: Json | undefined): string {
  const terms = Object.entries(operation ?? {}).map(([field, values]) => `${field} ${(values as string[]).join(", ")}`);
  return terms.length === 0 ? "anything" : terms.join(" ");
}

const LINKERD_GRANTS = ["requiredAuthenticationRefs", "identities", "identityRefs", "networks"];

function linkerdWidening(change: ObjectChange): RiskFlag[] {
  if (change.after === undefined) return [];
  const entries = (object: Json | undefined) => LINKERD_GRANTS.flatMap((field) => ((object?.spec?.[field] as unknown[] | undefined) ?? []).map((entry) => `${field.replace(/s$/, "")} ${typeof entry === "string" ? entry : canonical(entry)}`));
  const granted = added(entries(change.before), entries(change.after));
  const target = change.before !== undefined && canonical(change.before.spec?.targetRef) !== canonical(change.after.spec?.targetRef) ? [`now targets ${canonical(change.after.spec?.targetRef)}`] : [];
  return [...target, ...(granted.length === 0 ? [] : [`admits ${granted.join("; ")} (new)`])].map((message) => ({ category: "authorization", service: change.service, message: `${change.ref} ${message}` }));
}
