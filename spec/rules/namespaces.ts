// Services land in declared namespaces; each namespace's Pod Security level, LimitRange and quota
// can admit what the environment runs there.
import { formatCpu, formatMemory, parseQuantity } from "../quantity.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { QuotaKey } from "../schema/environment.js";
import { namespaceDemand } from "../namespace-demand.js";
import { limitRangeIssues } from "./limit-range.js";
import { namespaceKeyOf } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

const FORMAT: Partial<Record<QuotaKey, (value: number) => string>> = {
  "requests.cpu": formatCpu,
  "limits.cpu": formatCpu,
  "requests.memory": formatMemory,
  "limits.memory": formatMemory,
  pods: String,
  persistentvolumeclaims: String,
  "requests.storage": formatMemory,
};

export function namespaceRules(environment: EnvironmentSpec): FieldIssue[] {
  return [...placementIssues(environment), ...namespaceSettingIssues(environment)];
}

function placementIssues(environment: EnvironmentSpec): FieldIssue[] {
  const keys = Object.keys(environment.namespaces);
  const issues: FieldIssue[] = [];
  for (const [serviceName, service] of Object.entries(environment.services)) {
    const path = ["services", serviceName, "namespace"];
    if (service.namespace === undefined && keys.length > 1) {
      issues.push({ path, message: `required: this environment has several namespaces (${keys.join(", ")}); say which one the service runs in` });
    } else if (service.namespace !== undefined && !Object.hasOwn(environment.namespaces, service.namespace)) {
      issues.push({
        path,
        message: `namespace "${service.namespace}" is not declared in this environment's namespaces (${keys.join(", ")}); declare it there or pick one of those`,
      });
    }
  }
  return issues;
}

function namespaceSettingIssues(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const meshWithoutCni = environment.mesh.injection && !environment.mesh.cni;
  const networkAdminWhy =
    "Istio sidecar injection without the CNI plugin adds an istio-init container that needs NET_ADMIN, which 'restricted' rejects: set mesh.cni: true (with the Istio CNI plugin installed) or podSecurity: baseline";
  if (meshWithoutCni && environment.podSecurity === "restricted") {
    issues.push({ path: ["podSecurity"], message: networkAdminWhy });
  }
  const owners = new Map<string, string>();
  for (const [key, namespace] of Object.entries(environment.namespaces)) {
    const at = (...path: PropertyKey[]) => ["namespaces", key, ...path];
    const owner = owners.get(namespace.name);
    if (owner !== undefined) issues.push({ path: at("name"), message: `namespace "${namespace.name}" is already used by namespaces.${owner}` });
    owners.set(namespace.name, key);
    if (meshWithoutCni && namespace.podSecurity === "restricted") issues.push({ path: at("podSecurity"), message: networkAdminWhy });

    issues.push(...limitRangeIssues(namespace.limitRange).map(({ path, message }) => ({ path: at("limitRange", ...path), message })));
    if (namespace.quota !== undefined) issues.push(...quotaIssues(environment, key));
  }
  return issues;
}

function quotaIssues(environment: EnvironmentSpec, key: string): FieldIssue[] {
  const quota = environment.namespaces[key]!.quota!;
  const demand = namespaceDemand(key, environment);
  const hasServices = Object.values(environment.services).some((service) => namespaceKeyOf(service, environment) === key);
  const issues: FieldIssue[] = [];
  for (const field of ["pods", "requests.cpu", "requests.memory", "limits.memory", "limits.cpu", "persistentvolumeclaims", "requests.storage"] as const) {
    const hard = quota[field];
    if (hard === undefined || !hasServices) continue;
    const path = ["namespaces", key, "quota", field];
    const needed = demand[field];
    if (needed === undefined) {
      issues.push({
        path,
        message:
          "a limits.cpu quota rejects pods whose containers set no CPU limit: set resources.limits.cpu on every container here, set limitRange.default.cpu, or drop limits.cpu",
      });
    } else if (needed > parseQuantity(hard) + 1e-9) {
      const format = FORMAT[field]!;
      issues.push({
        path,
        message: `the services in this namespace can need ${format(needed)} at maximum scale (rolling-update surge${environment.mesh.injection ? " and sidecars" : ""} included), more than ${hard}: raise it to at least ${format(needed)} or lower their autoscaling.max/replicas`,
      });
    }
  }
  return issues;
}
