// Schema validation of each object against its kubernetes-models model. A kind without a model
// is a finding: nothing passes unchecked.
import { Application } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { AppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { VerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
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
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { KubeObject } from "../constructs/synth.js";
import { type Finding, objectRef } from "./finding.js";

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

const MODEL_LIST: readonly [apiVersion: string, kind: string, model: ModelClass][] = [
  ["v1", "Namespace", Namespace],
  ["v1", "ResourceQuota", ResourceQuota],
  ["v1", "LimitRange", LimitRange],
  ["v1", "ServiceAccount", ServiceAccount],
  ["v1", "Service", Service],
  ["apps/v1", "Deployment", Deployment],
  ["policy/v1", "PodDisruptionBudget", PodDisruptionBudget],
  ["autoscaling/v2", "HorizontalPodAutoscaler", HorizontalPodAutoscaler],
  ["autoscaling.k8s.io/v1", "VerticalPodAutoscaler", VerticalPodAutoscaler],
  ["networking.k8s.io/v1", "NetworkPolicy", NetworkPolicy],
  ["networking.k8s.io/v1", "Ingress", Ingress],
  ["security.istio.io/v1", "PeerAuthentication", PeerAuthentication],
  ["security.istio.io/v1", "AuthorizationPolicy", AuthorizationPolicy],
  ["networking.istio.io/v1", "DestinationRule", DestinationRule],
  ["networking.istio.io/v1", "VirtualService", VirtualService],
  ["networking.istio.io/v1", "Gateway", Gateway],
  ["networking.istio.io/v1", "Sidecar", Sidecar],
  ["networking.istio.io/v1", "ServiceEntry", ServiceEntry],
  ["cert-manager.io/v1", "Certificate", Certificate],
  ["v1", "ConfigMap", ConfigMap],
  ["external-secrets.io/v1", "SecretStore", SecretStore],
  ["external-secrets.io/v1", "ExternalSecret", ExternalSecret],
  ["monitoring.coreos.com/v1", "ServiceMonitor", ServiceMonitor],
  ["monitoring.coreos.com/v1", "PodMonitor", PodMonitor],
  ["monitoring.coreos.com/v1", "PrometheusRule", PrometheusRule],
  ["argoproj.io/v1alpha1", "AppProject", AppProject],
  ["argoproj.io/v1alpha1", "Application", Application],
] as [string, string, ModelClass][];

/** apiVersion and kind of every object slipway can render. */
export const MODEL_KINDS: readonly (readonly [apiVersion: string, kind: string])[] = MODEL_LIST.map(([apiVersion, kind]) => [apiVersion, kind]);

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
      new model(object as never).validate();
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
