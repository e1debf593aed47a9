// npm run imports: strict JSON Schemas for the custom resources slipway renders, generated from
// the @kubernetes-models packages' TypeScript declarations (every property they know, nothing
// else: additionalProperties false). Written in kubeconform's catalog layout,
// imports/schemas/<group>/<kind>_<version>.json, beside the Kubernetes definitions (_definitions.json).
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createGenerator } from "ts-json-schema-generator";
import { compareStrings } from "../spec/order.js";

export const CRD_MODELS: readonly (readonly [module: string, apiVersion: string, kind: string])[] = [
  ["@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler", "autoscaling.k8s.io/v1", "VerticalPodAutoscaler"],
  ["@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1", "ScaledObject"],
  ["@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication", "security.istio.io/v1", "PeerAuthentication"],
  ["@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy", "security.istio.io/v1", "AuthorizationPolicy"],
  ["@kubernetes-models/istio/networking.istio.io/v1/DestinationRule", "networking.istio.io/v1", "DestinationRule"],
  ["@kubernetes-models/istio/networking.istio.io/v1/VirtualService", "networking.istio.io/v1", "VirtualService"],
  ["@kubernetes-models/istio/networking.istio.io/v1/Gateway", "networking.istio.io/v1", "Gateway"],
  ["@kubernetes-models/istio/networking.istio.io/v1/Sidecar", "networking.istio.io/v1", "Sidecar"],
  ["@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry", "networking.istio.io/v1", "ServiceEntry"],
  ["@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate", "cert-manager.io/v1", "Certificate"],
  ["@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer", "cert-manager.io/v1", "ClusterIssuer"],
  ["@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret", "bitnami.com/v1alpha1", "SealedSecret"],
  ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1", "ServiceMonitor"],
  ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com/v1", "PodMonitor"],
  ["@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule", "monitoring.coreos.com/v1", "PrometheusRule"],
  ["@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore", "external-secrets.io/v1", "SecretStore"],
  ["@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret", "external-secrets.io/v1", "ExternalSecret"],
  ["@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject", "argoproj.io/v1alpha1", "AppProject"],
  ["@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application", "argoproj.io/v1alpha1", "Application"],
  ["@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet", "argoproj.io/v1alpha1", "ApplicationSet"],
];

/**
 * Kinds slipway does not render but checks in `slipway validate`: Istio's older versions, still
 * served and common in public manifests, checked as strictly as v1.
 */
export const VALIDATED_ONLY_MODELS: readonly (readonly [module: string, apiVersion: string, kind: string])[] = [
  ["@kubernetes-models/istio/networking.istio.io/v1alpha3/DestinationRule", "networking.istio.io/v1alpha3", "DestinationRule"],
  ["@kubernetes-models/istio/networking.istio.io/v1alpha3/VirtualService", "networking.istio.io/v1alpha3", "VirtualService"],
  ["@kubernetes-models/istio/networking.istio.io/v1alpha3/Gateway", "networking.istio.io/v1alpha3", "Gateway"],
  ["@kubernetes-models/istio/networking.istio.io/v1alpha3/Sidecar", "networking.istio.io/v1alpha3", "Sidecar"],
  ["@kubernetes-models/istio/networking.istio.io/v1alpha3/ServiceEntry", "networking.istio.io/v1alpha3", "ServiceEntry"],
  ["@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule", "networking.istio.io/v1beta1", "DestinationRule"],
  ["@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService", "networking.istio.io/v1beta1", "VirtualService"],
  ["@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway", "networking.istio.io/v1beta1", "Gateway"],
  ["@kubernetes-models/istio/networking.istio.io/v1beta1/Sidecar", "networking.istio.io/v1beta1", "Sidecar"],
  ["@kubernetes-models/istio/networking.istio.io/v1beta1/ServiceEntry", "networking.istio.io/v1beta1", "ServiceEntry"],
  ["@kubernetes-models/istio/security.istio.io/v1beta1/AuthorizationPolicy", "security.istio.io/v1beta1", "AuthorizationPolicy"],
  ["@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication", "security.istio.io/v1beta1", "PeerAuthentication"],
];

export function catalogPath(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.split("/") as [string, string];
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}

/**
 * Keeps the known fields and their types. Descriptions are for people; `required` is dropped
 * because the models encode the CRDs' one-of constraints as TypeScript intersections the
 * generator flattens wrongly — required fields stay checked by each model's own validator.
 */
function strip(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((item) => strip(item));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      // Keys of `properties` and `definitions` are field and type names (a field may be called "description").
      .filter(([key]) => keepKeys || (key !== "description" && key !== "$schema" && key !== "required"))
      .filter(([key]) => keepKeys || key !== "additionalProperties" || !isFreeForm(value as Record<string, unknown>))
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([key, child]) => [key, strip(child, !keepKeys && (key === "properties" || key === "definitions"))]),
  );
}

/**
 * An object the model types as `{}` or `object`: content the CRD leaves open
 * (x-kubernetes-preserve-unknown-fields, e.g. Argo CD's helm.valuesObject). The generator closes
 * it with additionalProperties false, which would reject any content; it stays open.
 */
function isFreeForm(schema: Record<string, unknown>): boolean {
  return schema.type === "object" && schema.additionalProperties === false && schema.properties === undefined && schema.patternProperties === undefined;
}

/** The file content of a custom resource's strict schema. */
export function crdSchema(module: string, kind: string): string {
  const path = join("node_modules", `${module}.d.ts`);
  const schema = createGenerator({ path, tsconfig: "tsconfig.json", type: `I${kind}`, skipTypeCheck: true, expose: "none", topRef: true, additionalProperties: false }).createSchema(`I${kind}`);
  return `${JSON.stringify(strip(schema))}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [module, apiVersion, kind] of [...CRD_MODELS, ...VALIDATED_ONLY_MODELS]) {
    const target = join("imports", "schemas", catalogPath(apiVersion, kind));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, crdSchema(module, kind));
    console.log(target);
  }
}
