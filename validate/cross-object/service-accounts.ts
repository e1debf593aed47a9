// A pod runs as a ServiceAccount that exists: the API server refuses to create pods naming a missing one.
import { type Json, podSpecsOf } from "../policy/rule.js";
import type { CrossObjectRule } from "./object-index.js";

/** Every namespace has one, made by the ServiceAccount controller. */
const DEFAULT_ACCOUNT = "default";

export const serviceAccountRules: readonly CrossObjectRule[] = [
  {
    id: "xo/service-account-exists",
    severity: "error",
    fix: "render the ServiceAccount in the pod's namespace, or name one that exists",
    check: (index) =>
      index.workloads.flatMap(({ object, namespace }) =>
        podSpecsOf(object).flatMap((pod) => {
          const field = (pod.spec as Json).serviceAccountName !== undefined ? "serviceAccountName" : "serviceAccount";
          const account = (pod.spec as Json)[field];
          if (typeof account !== "string" || account === DEFAULT_ACCOUNT || index.find("ServiceAccount", namespace, account) !== undefined) return [];
          return [{ object, path: `${pod.path}.${field}`, message: `${object.kind} ${object.metadata.name} runs as ServiceAccount ${account}, which is not in namespace ${namespace}`, unresolved: true }];
        }),
      ),
  },
];
