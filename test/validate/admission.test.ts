// admission/limit-range: the LimitRange checks the API server makes (ValidateLimitRange), which
// schemas and slipway's other rules let through.
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { findObject, renderInline, baseConfig } from "../support/inline.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";

const limitRange = (limits: unknown[]) => ({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "bounds", namespace: "shop" }, spec: { limits } });
const messages = (object: ReturnType<typeof limitRange>) =>
  runGate("test", [{ object }], { profile: "restricted", schemas: SchemaCatalog.load() }).filter(({ rule }) => rule === "admission/limit-range").map(({ path, message }) => `${path}: ${message}`);

describe("admission/limit-range", () => {
  it("reports each bound a value crosses, as the API server words it", async () => {
    const report = await validateManifests({ paths: ["test/fixtures/bad-manifests/admission-limit-range.yaml"], profile: "restricted" });
    expect(report.findings.map(({ path, message }) => `${path}: ${message}`).sort()).toEqual([
      "spec.limits.0.default.memory: default memory (512Mi) is greater than max (128M)",
      "spec.limits.0.defaultRequest.memory: defaultRequest memory (128Mi) is greater than max (128M)",
      "spec.limits.0.maxLimitRequestRatio.cpu: maxLimitRequestRatio cpu (0.5) is less than 1: no limit can be below its request",
    ]);
  });

  it("checks min against the defaults and max, the ratio against max/min, and refuses defaults on a Pod item", () => {
    expect(messages(limitRange([{ type: "Container", min: { cpu: "500m" }, defaultRequest: { cpu: "100m" }, max: { cpu: "1" }, maxLimitRequestRatio: { cpu: "4" } }]))).toEqual([
      "spec.limits.0.min.cpu: min cpu (500m) is greater than defaultRequest (100m)",
      "spec.limits.0.maxLimitRequestRatio.cpu: maxLimitRequestRatio cpu (4) is greater than max/min (2)",
    ]);
    expect(messages(limitRange([{ type: "Pod", default: { cpu: "1" }, max: { cpu: "2" } }]))).toEqual(["spec.limits.0.default: a Pod item may not set default (only a Container item gives containers defaults)"]);
  });

  it("passes every LimitRange slipway renders, a max-only one included", () => {
    const config = baseConfig({}, { namespaces: { shop: { limitRange: { max: { memory: "128M", cpu: "1" }, min: { cpu: "10m" } } } } });
    (config.services.web as Record<string, any>).resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "100M" } };
    expect(messages(findObject(renderInline(config), "LimitRange", "shop") as never)).toEqual([]);
  });
});
