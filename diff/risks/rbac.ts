// Any change to RBAC: who may do what through the API server. New rules and subjects are named.
import { canonical } from "../../spec/json-values.js";
import { added } from "../canonical.js";
import type { Json } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

const RBAC = "rbac.authorization.k8s.io";

function grants(object: Json | undefined): string[] {
  if (object === undefined) return [];
  const rules = ((object.rules as Json[] | undefined) ?? []).map((rule) => `${(rule.verbs ?? []).join(",")} on ${[...(rule.resources ?? []), ...(rule.nonResourceURLs ?? [])].join(",")}${rule.resourceNames?.length ? ` named ${rule.resourceNames.join(",")}` : ""}`);
  const subjects = ((object.subjects as Json[] | undefined) ?? []).map((subject) => `${subject.kind} ${subject.namespace === undefined ? "" : `${subject.namespace}/`}${subject.name}`);
  const role = object.roleRef === undefined ? [] : [`role ${object.roleRef.kind} ${object.roleRef.name}`];
  const aggregation = object.aggregationRule === undefined ? [] : [`aggregation ${canonical(object.aggregationRule)}`];
  return [...rules, ...subjects, ...role, ...aggregation];
}

export const rbacChanges: RiskCheck = {
  category: "rbac",
  check: (changes) =>
    changesOf(changes, `${RBAC}/Role`, `${RBAC}/ClusterRole`, `${RBAC}/RoleBinding`, `${RBAC}/ClusterRoleBinding`).map((change): RiskFlag => {
      const granted = added(grants(change.before), grants(change.after));
      const detail = change.after === undefined ? "is deleted" : granted.length === 0 ? `is ${change.change}` : `is ${change.change}, granting ${granted.join("; ")}`;
      return { category: "rbac", service: change.service, message: `${change.ref} ${detail}` };
    }),
};
