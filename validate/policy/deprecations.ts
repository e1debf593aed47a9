// Deprecated and removed API versions, and deprecated Istio fields.
import { removedApi } from "./removed-apis.js";
import { eachPod, isIstio, type PolicyRule, type Violation, walk } from "./rule.js";

/** Istio API versions superseded by v1 (still served, deprecated). */
const ISTIO_V1 = ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1", "security.istio.io/v1beta1"];

const ISTIO_FIELDS: Record<string, string> = {
  consecutiveErrors: "outlierDetection.consecutive5xxErrors / consecutiveGatewayErrors",
  percent: "percentage.value",
  mirror_percent: "mirrorPercentage",
  mirrorPercent: "mirrorPercentage",
};

export const deprecationRules: readonly PolicyRule[] = [
  {
    id: "deprecations/service-account-field",
    severity: "warning",
    fix: "use serviceAccountName (serviceAccount is its deprecated alias)",
    check: eachPod((pod) => (pod.spec.serviceAccount === undefined ? [] : [{ path: `${pod.path}.serviceAccount`, message: "serviceAccount is a deprecated alias of serviceAccountName" }])),
  },
  {
    id: "deprecations/removed-api",
    severity: "error",
    fix: "move to the replacement API version",
    check: (object) => {
      const removal = removedApi(object.apiVersion, object.kind);
      if (removal === undefined) return [];
      const since = removal.removedIn.startsWith("1.") ? `Kubernetes ${removal.removedIn}` : removal.removedIn;
      return [{ path: "apiVersion", message: `${object.apiVersion} ${object.kind} is removed as of ${since}; use ${removal.replacement}` }];
    },
  },
  {
    id: "deprecations/istio-api",
    severity: "warning",
    fix: "use the v1 API (networking.istio.io/v1, security.istio.io/v1)",
    check: (object) => (ISTIO_V1.includes(object.apiVersion) ? [{ path: "apiVersion", message: `${object.apiVersion} is deprecated in favour of v1` }] : []),
  },
  {
    id: "deprecations/istio-field",
    severity: "error",
    fix: "use the replacement field",
    check: (object) => {
      if (!isIstio(object)) return [];
      const violations: Violation[] = [];
      walk(object.spec, "spec", (key, _value, path) => {
        if (Object.hasOwn(ISTIO_FIELDS, key)) violations.push({ path: path(), message: `${key} is deprecated; use ${ISTIO_FIELDS[key]}` });
      });
      return violations;
    },
  },
];
