// Deprecated and removed API versions, and deprecated Istio fields.
import { eachPod, isIstio, type PolicyRule, type Violation, walk } from "./rule.js";

/** apiVersion/kind → [replacement, Kubernetes minor that removes it (or the project that stopped serving it)]. */
const API_VERSIONS: Record<string, readonly [replacement: string, removedIn: string]> = {
  "extensions/v1beta1/Deployment": ["apps/v1", "1.16"],
  "extensions/v1beta1/DaemonSet": ["apps/v1", "1.16"],
  "extensions/v1beta1/ReplicaSet": ["apps/v1", "1.16"],
  "extensions/v1beta1/Ingress": ["networking.k8s.io/v1", "1.22"],
  "extensions/v1beta1/NetworkPolicy": ["networking.k8s.io/v1", "1.16"],
  "apps/v1beta1/Deployment": ["apps/v1", "1.16"],
  "apps/v1beta2/Deployment": ["apps/v1", "1.16"],
  "apps/v1beta1/StatefulSet": ["apps/v1", "1.16"],
  "networking.k8s.io/v1beta1/Ingress": ["networking.k8s.io/v1", "1.22"],
  "policy/v1beta1/PodDisruptionBudget": ["policy/v1", "1.25"],
  "policy/v1beta1/PodSecurityPolicy": ["Pod Security Admission (namespace labels)", "1.25"],
  "batch/v1beta1/CronJob": ["batch/v1", "1.25"],
  "autoscaling/v2beta1/HorizontalPodAutoscaler": ["autoscaling/v2", "1.25"],
  "autoscaling/v2beta2/HorizontalPodAutoscaler": ["autoscaling/v2", "1.26"],
  "flowcontrol.apiserver.k8s.io/v1beta2/FlowSchema": ["flowcontrol.apiserver.k8s.io/v1", "1.29"],
  "external-secrets.io/v1beta1/ExternalSecret": ["external-secrets.io/v1", "External Secrets 0.17"],
  "external-secrets.io/v1beta1/SecretStore": ["external-secrets.io/v1", "External Secrets 0.17"],
};

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
      const entry = API_VERSIONS[`${object.apiVersion}/${object.kind}`];
      return entry === undefined ? [] : [{ path: "apiVersion", message: `${object.apiVersion} ${object.kind} is removed as of ${entry[1].startsWith("1.") ? `Kubernetes ${entry[1]}` : entry[1]}; use ${entry[0]}` }];
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
