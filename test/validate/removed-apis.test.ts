// The removed-API table reaches back to Kubernetes 1.16: an object in an API version the API server
// no longer serves is reported with its removal and replacement, never as "no schema".
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";

const schemas = SchemaCatalog.load();
const findingsFor = (apiVersion: string, kind: string) =>
  runGate("test", [{ object: { apiVersion, kind, metadata: { name: "x", namespace: "shop" }, spec: {} } as KubeObject }], { profile: "restricted", schemas, complete: false });

describe("deprecations/removed-api", () => {
  it.each([
    ["extensions/v1beta1", "Deployment", "1.16", "apps/v1"],
    ["apps/v1beta2", "DaemonSet", "1.16", "apps/v1"],
    ["apps/v1beta1", "StatefulSet", "1.16", "apps/v1"],
    ["extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"],
    ["apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1"],
    ["admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1"],
    ["rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "1.22", "rbac.authorization.k8s.io/v1"],
    ["networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"],
    ["storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1"],
    ["batch/v1beta1", "CronJob", "1.25", "batch/v1"],
    ["policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1"],
    ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"],
    ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"],
    ["flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32", "flowcontrol.apiserver.k8s.io/v1"],
  ])("%s %s: removed in %s, use %s", (apiVersion, kind, removedIn, replacement) => {
    const findings = findingsFor(apiVersion, kind);
    const removal = findings.find(({ rule }) => rule === "deprecations/removed-api");
    expect(removal?.message).toBe(`${apiVersion} ${kind} is removed as of Kubernetes ${removedIn}; use ${replacement}`);
    expect(removal?.severity).toBe("error");
    expect(findings.map(({ rule }) => rule)).not.toContain("schema/unknown-kind");
  });

  it.each([
    ["apps/v1", "Deployment"],
    ["networking.k8s.io/v1", "Ingress"],
    ["apiextensions.k8s.io/v1", "CustomResourceDefinition"],
    ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ])("%s %s is served", (apiVersion, kind) => {
    expect(findingsFor(apiVersion, kind).map(({ rule }) => rule)).not.toContain("deprecations/removed-api");
  });
});
