import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { formatFinding } from "../../validate/finding.js";
import { validateModels } from "../../validate/models.js";

const certificate = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "api", namespace: "shop" }, spec });

describe("validateModels", () => {
  it("passes a valid custom resource", () => {
    expect(validateModels("dev", [certificate({ secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" } })])).toEqual([]);
  });

  it("reports what the strict schema cannot: a missing required field, with the object and field path", () => {
    const findings = validateModels("dev", [certificate({ secretName: "api-tls", dnsNames: ["api.example.com"] })]);
    expect(findings).toEqual([expect.objectContaining({ environment: "dev", object: "Certificate/shop/api", path: "spec", rule: "schema/model", severity: "error" })]);
    expect(formatFinding(findings[0]!)).toMatch(/^dev: Certificate\/shop\/api spec: \[schema\/model\] must have required property issuerRef .* — make the field match the cert-manager\.io\/v1 Certificate schema$/);
  });

  it("leaves Kubernetes' own kinds to the strict schema compiled from the upstream definitions", () => {
    const findings = validateModels("dev", [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "api" } }]);
    expect(findings).toEqual([expect.objectContaining({ rule: "schema/unknown-kind" })]);
  });

  it("reports kinds it has no model for instead of passing them", () => {
    const findings = validateModels("dev", [{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }]);
    expect(findings).toEqual([expect.objectContaining({ object: "Widget/w", rule: "schema/unknown-kind", message: "no model for example.com/v1 Widget" })]);
  });

  it("validates the VPA against the autoscaler CRD model", () => {
    const vpa: KubeObject = { apiVersion: "autoscaling.k8s.io/v1", kind: "VerticalPodAutoscaler", metadata: { name: "api" }, spec: { targetRef: { kind: "Deployment", name: "api" }, updatePolicy: { updateMode: "Sometimes" } } };
    expect(validateModels("dev", [vpa])).toEqual([expect.objectContaining({ path: "spec.updatePolicy.updateMode", rule: "schema/model" })]);
  });
});
