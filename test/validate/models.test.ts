import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { formatFinding } from "../../validate/finding.js";
import { validateModels } from "../../validate/models.js";

const deployment = (containers: unknown[]): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "shop" },
  spec: { selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "api" } }, spec: { containers } } },
});

describe("validateModels", () => {
  it("passes a valid object", () => {
    expect(validateModels("dev", [deployment([{ name: "api", image: "api:1" }])])).toEqual([]);
  });

  it("reports each schema violation with the object and field path", () => {
    const findings = validateModels("dev", [deployment([{ name: "api", image: 42 }])]);
    expect(findings).toEqual([
      expect.objectContaining({ environment: "dev", object: "Deployment/shop/api", path: "spec.template.spec.containers.0.image", rule: "schema/model", severity: "error" }),
    ]);
    expect(formatFinding(findings[0]!)).toMatch(/^dev: Deployment\/shop\/api spec\.template\.spec\.containers\.0\.image: \[schema\/model\] must be string .* — make the field match the apps\/v1 Deployment schema$/);
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
