import { describe, expect, it } from "vitest";
import { applyMergePatch, patchDecides } from "../../spec/merge-patch.js";

describe("RFC 7386 merge patch", () => {
  const catalog = { image: { repository: "a", tag: "1" }, autoscaling: { min: 2, max: 5, cpu: 70 }, env: { A: "1" }, ports: [{ name: "http" }] };

  it("merges objects, replaces arrays and scalars, removes on null", () => {
    const patched = applyMergePatch(catalog, { image: { tag: "2" }, autoscaling: null, replicas: 1, ports: [{ name: "grpc" }] });
    expect(patched).toEqual({ image: { repository: "a", tag: "2" }, env: { A: "1" }, ports: [{ name: "grpc" }], replicas: 1 });
  });

  it("leaves the target untouched", () => {
    applyMergePatch(catalog, { image: { tag: "2" } });
    expect(catalog.image.tag).toBe("1");
  });

  it("knows which paths a patch decided", () => {
    const patch = { autoscaling: { max: 3 }, env: null, ports: [] };
    expect(patchDecides(patch, ["autoscaling", "max"])).toBe(true);
    expect(patchDecides(patch, ["autoscaling", "min"])).toBe(false);
    expect(patchDecides(patch, ["env", "A"])).toBe(true);
    expect(patchDecides(patch, ["ports", 0, "name"])).toBe(true);
    expect(patchDecides(patch, ["image"])).toBe(false);
    expect(patchDecides(undefined, ["image"])).toBe(false);
  });
});
