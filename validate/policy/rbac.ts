// RBAC least privilege: no wildcard grants, no binding to cluster-admin, Secrets readable only
// where a role names them.
import type { KubeObject } from "../../constructs/synth.js";
import { stringItems } from "../../spec/json-values.js";
import type { Json, PolicyRule, Violation } from "./rule.js";

const RBAC_API = "rbac.authorization.k8s.io/";
const READ_VERBS = ["get", "list", "watch", "*"];

const isRole = (object: KubeObject) => (object.kind === "Role" || object.kind === "ClusterRole") && object.apiVersion.startsWith(RBAC_API);
const isBinding = (object: KubeObject) => (object.kind === "RoleBinding" || object.kind === "ClusterRoleBinding") && object.apiVersion.startsWith(RBAC_API);
const scope = (role: KubeObject) => (role.kind === "ClusterRole" ? "in every namespace it is bound for" : `in namespace ${role.metadata.namespace ?? "default"}`);

/** A role's policy rules with their paths. */
function eachRoleRule(check: (rule: Json, path: string, role: KubeObject) => Violation[]) {
  return (object: KubeObject): Violation[] =>
    isRole(object) && Array.isArray(object.rules) ? (object.rules as unknown[]).flatMap((rule, index) => (typeof rule === "object" && rule !== null ? check(rule as Json, `rules.${index}`, object) : [])) : [];
}

export const rbacRules: readonly PolicyRule[] = [
  {
    id: "rbac/wildcard",
    severity: "warning",
    fix: "list the verbs and resources the subject needs: a wildcard also grants every verb and resource added later",
    check: eachRoleRule((rule, path, role) =>
      (["verbs", "resources"] as const).flatMap((field) =>
        stringItems(rule[field]).includes("*") ? [{ path: `${path}.${field}`, message: `${role.kind} ${role.metadata.name} grants "*" in ${field}` }] : [],
      ),
    ),
  },
  {
    id: "rbac/secret-access",
    severity: "warning",
    fix: "grant Secret reads only by resourceNames, or mount the Secret into the pod instead of reading it through the API",
    check: eachRoleRule((rule, path, role) => {
      const core = stringItems(rule.apiGroups).some((group) => group === "" || group === "*");
      const secrets = stringItems(rule.resources).some((resource) => resource === "secrets" || resource === "*");
      const verbs = stringItems(rule.verbs).filter((verb) => READ_VERBS.includes(verb));
      if (!core || !secrets || verbs.length === 0 || stringItems(rule.resourceNames).length > 0) return [];
      return [{ path: `${path}.resources`, message: `${role.kind} ${role.metadata.name} can read every Secret ${scope(role)} (${verbs.join(", ")})` }];
    }),
  },
  {
    id: "rbac/cluster-admin-binding",
    severity: "error",
    fix: "bind a role that grants only what the subjects need",
    check: (object) => {
      if (!isBinding(object)) return [];
      const roleRef = object.roleRef as Json | undefined;
      if (roleRef?.kind !== "ClusterRole" || roleRef.name !== "cluster-admin") return [];
      const subjects = (Array.isArray(object.subjects) ? (object.subjects as Json[]) : []).map((subject) => `${String(subject?.kind)} ${subject?.namespace ? `${String(subject.namespace)}/` : ""}${String(subject?.name)}`);
      return [{ path: "roleRef.name", message: `${object.kind} ${object.metadata.name} gives cluster-admin to ${subjects.length > 0 ? subjects.join(", ") : "no subject yet"}` }];
    },
  },
];
