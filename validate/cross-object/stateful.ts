// Stateful workloads and their storage: a StatefulSet's serviceName names a headless Service that
// selects its pods (its pods' DNS names come from it), and the claims of a namespace fit its
// quota's storage.
import { formatMemory, parseQuantity } from "../../spec/quantity.js";
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, matchesLabels } from "./object-index.js";

export const statefulRules: readonly CrossObjectRule[] = [
  {
    id: "xo/statefulset-service",
    severity: "error",
    fix: "name in spec.serviceName a Service with clusterIP: None whose selector matches the StatefulSet's pods",
    check: (index) =>
      index.ofKind("StatefulSet").flatMap((statefulSet) => {
        const spec = statefulSet.spec as Json;
        const namespace = statefulSet.metadata.namespace ?? "default";
        const name = spec.serviceName as string | undefined;
        const service = name === undefined ? undefined : index.find("Service", statefulSet.metadata.namespace, name);
        const problem =
          name === undefined
            ? "names no governing Service"
            : service === undefined
              ? `names Service ${name}, which is not in namespace ${namespace}`
              : (service.spec as Json).clusterIP !== "None"
                ? `names Service ${name}, which is not headless (clusterIP: None), so its pods get no stable DNS names`
                : !matchesLabels((service.spec as Json).selector, spec.template?.metadata?.labels ?? {})
                  ? `names Service ${name}, whose selector does not match its pods`
                  : undefined;
        return problem === undefined ? [] : [{ object: statefulSet, path: "spec.serviceName", message: `StatefulSet ${statefulSet.metadata.name} ${problem}`, unresolved: name !== undefined && service === undefined }];
      }),
  },
  {
    id: "xo/quota-storage",
    severity: "error",
    fix: "raise the namespace's ResourceQuota (requests.storage, persistentvolumeclaims) or request less storage",
    check: (index) =>
      index.ofKind("ResourceQuota").flatMap((quota) => {
        const hard = ((quota.spec as Json | undefined)?.hard ?? {}) as Record<string, string>;
        if (hard["requests.storage"] === undefined && hard.persistentvolumeclaims === undefined) return [];
        const namespace = quota.metadata.namespace ?? "default";
        const claims: { count: number; bytes: number }[] = [
          ...index.inNamespace("PersistentVolumeClaim", namespace).map((claim) => ({ count: 1, bytes: requested(claim.spec as Json) })),
          ...index.inNamespace("StatefulSet", namespace).flatMap((statefulSet) => {
            const spec = statefulSet.spec as Json;
            const replicas = index.replicaBounds(statefulSet).max;
            return ((spec.volumeClaimTemplates as Json[] | undefined) ?? []).map((template) => ({ count: replicas, bytes: replicas * requested(template.spec as Json) }));
          }),
        ];
        const count = claims.reduce((sum, claim) => sum + claim.count, 0);
        const bytes = claims.reduce((sum, claim) => sum + claim.bytes, 0);
        const over = [
          ...(hard["requests.storage"] !== undefined && bytes > parseQuantity(hard["requests.storage"]) ? [`its claims request ${formatMemory(bytes)}, more than requests.storage ${hard["requests.storage"]}`] : []),
          ...(hard.persistentvolumeclaims !== undefined && count > Number(hard.persistentvolumeclaims) ? [`it holds ${count} claims, more than persistentvolumeclaims ${hard.persistentvolumeclaims}`] : []),
        ];
        return over.map((message) => ({ object: quota, path: "spec.hard", message: `namespace ${namespace}: ${message} (StatefulSets counted at their maximum replicas)` }));
      }),
  },
];

function requested(spec: Json | undefined): number {
  const storage = spec?.resources?.requests?.storage;
  return typeof storage === "string" ? parseQuantity(storage) : 0;
}
