// Custom resources against their @kubernetes-models model: the required fields, formats and bounds
// that the strict schemas generated from the models' types cannot carry. Kubernetes' own kinds
// need no second pass: their strict schema is compiled from the same upstream OpenAPI definitions
// kubernetes-models is generated from, closed against unknown fields.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { ApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { VerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { SealedSecret } from "@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret";
import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { SecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { DestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { ServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import { Sidecar } from "@kubernetes-models/istio/networking.istio.io/v1/Sidecar";
import { VirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import type { KubeObject } from "../constructs/synth.js";
import { type Finding, objectRef } from "./finding.js";

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

const MODEL_LIST: readonly [apiVersion: string, kind: string, model: ModelClass][] = [
  ["autoscaling.k8s.io/v1", "VerticalPodAutoscaler", VerticalPodAutoscaler],
  ["keda.sh/v1alpha1", "ScaledObject", ScaledObject],
  ["security.istio.io/v1", "PeerAuthentication", PeerAuthentication],
  ["security.istio.io/v1", "AuthorizationPolicy", AuthorizationPolicy],
  ["networking.istio.io/v1", "DestinationRule", DestinationRule],
  ["networking.istio.io/v1", "VirtualService", VirtualService],
  ["networking.istio.io/v1", "Gateway", Gateway],
  ["networking.istio.io/v1", "Sidecar", Sidecar],
  ["networking.istio.io/v1", "ServiceEntry", ServiceEntry],
  ["cert-manager.io/v1", "Certificate", Certificate],
  // Kinds that come in as extra manifests, for the Sealed Secrets and cert-manager patterns.
  ["cert-manager.io/v1", "ClusterIssuer", ClusterIssuer],
  ["bitnami.com/v1alpha1", "SealedSecret", SealedSecret],
  ["external-secrets.io/v1", "SecretStore", SecretStore],
  ["external-secrets.io/v1", "ExternalSecret", ExternalSecret],
  ["monitoring.coreos.com/v1", "ServiceMonitor", ServiceMonitor],
  ["monitoring.coreos.com/v1", "PodMonitor", PodMonitor],
  ["monitoring.coreos.com/v1", "PrometheusRule", PrometheusRule],
  ["argoproj.io/v1alpha1", "AppProject", AppProject],
  ["argoproj.io/v1alpha1", "Application", Application],
  ["argoproj.io/v1alpha1", "ApplicationSet", ApplicationSet],
] as [string, string, ModelClass][];

/** Kubernetes kinds slipway renders: validated by the strict schema from the upstream definitions. */
const KUBERNETES_KINDS: readonly (readonly [apiVersion: string, kind: string])[] = [
  ["v1", "Namespace"],
  ["v1", "ResourceQuota"],
  ["v1", "LimitRange"],
  ["v1", "ServiceAccount"],
  ["v1", "Service"],
  ["v1", "ConfigMap"],
  ["apps/v1", "Deployment"],
  ["policy/v1", "PodDisruptionBudget"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["networking.k8s.io/v1", "Ingress"],
];

/** apiVersion and kind of every object slipway renders, and of the custom resources it knows in extra manifests. */
export const RENDERED_KINDS: readonly (readonly [apiVersion: string, kind: string])[] = [...KUBERNETES_KINDS, ...MODEL_LIST.map(([apiVersion, kind]) => [apiVersion, kind] as const)];

const MODELS: ReadonlyMap<string, ModelClass> = new Map(MODEL_LIST.map(([apiVersion, kind, model]) => [`${apiVersion}/${kind}`, model]));

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

export function hasModel(object: KubeObject): boolean {
  return MODELS.has(`${object.apiVersion}/${object.kind}`);
}

export function validateModels(environment: string, objects: readonly KubeObject[]): Finding[] {
  return objects.flatMap((object) => {
    const base = { environment, object: objectRef(object), severity: "error" as const };
    const model = MODELS.get(`${object.apiVersion}/${object.kind}`);
    if (model === undefined) {
      return [{ ...base, path: "", rule: "schema/unknown-kind", message: `no model for ${object.apiVersion} ${object.kind}`, fix: "register its model in validate/models.ts" }];
    }
    try {
      // The model's validator, run on the object itself: constructing a model would deep-copy it first.
      model.prototype.validate.call(object);
      return [];
    } catch (error) {
      const errors = (error as { errors?: AjvError[] }).errors ?? [{ instancePath: "", message: (error as Error).message }];
      return errors.map((ajv) => ({
        ...base,
        path: ajv.instancePath.split("/").filter(Boolean).join("."),
        rule: "schema/model",
        message: `${ajv.message ?? "invalid"}${ajv.params && Object.keys(ajv.params).length > 0 ? ` ${JSON.stringify(ajv.params)}` : ""}`,
        fix: `make the field match the ${object.apiVersion} ${object.kind} schema`,
      }));
    }
  });
}
