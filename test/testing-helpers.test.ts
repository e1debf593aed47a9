// slipway/testing: what a platform repository's tests are written with.
import { describe, expect, it } from "vitest";
import { assertNoFindings, environment, findObject, findObjects, renderPlatform } from "slipway/testing";
import type { Finding } from "slipway/validate";

describe("slipway/testing", async () => {
  const rendered = await renderPlatform("test/fixtures/valid/shop.yaml", { promtool: false });

  it("renders every environment in memory: the files synth writes and their objects", () => {
    expect(rendered.environments.map(({ name }) => name)).toEqual(["dev", "prod"]);
    const dev = environment(rendered, "dev");
    expect([...dev.files.keys()]).toContain("kustomization.yaml");
    expect(dev.objects).toHaveLength(19);
    expect(dev.objects.every((object) => typeof object.kind === "string" && typeof object.metadata.name === "string")).toBe(true);
    // The fixture's cart reuses its readiness probe for liveness: a warning in each environment.
    expect(() => assertNoFindings(rendered)).toThrow(/^2 finding\(s\):\n  warning: dev\/shop-dev\/deployment-cart\.yaml: .*\[hygiene\/probe-distinct\]/);
    assertNoFindings(rendered, { warnings: false });
    expect(environment(rendered, "prod").findings.map(({ rule }) => rule)).toEqual(["hygiene/probe-distinct"]);
  });

  it("finds an object, and names the candidates when it cannot", () => {
    const dev = environment(rendered, "dev");
    expect(findObject(dev, "Deployment", "web").metadata.namespace).toBe("shop-dev");
    expect(findObjects(dev, "Deployment").map(({ metadata }) => metadata.name).sort()).toEqual(["cart", "web"]);
    expect(() => findObject(dev, "Deployment", "api")).toThrow("no Deployment api; the Deployment objects are: shop-dev/cart, shop-dev/web");
    expect(() => environment(rendered, "qa")).toThrow("no environment qa; rendered: dev, prod");
  });

  it("fails assertNoFindings with every finding listed, and lets warnings pass when asked", () => {
    const finding = (severity: Finding["severity"]): Finding => ({ environment: "dev", object: "Deployment/shop/web", path: "spec", rule: "x/rule", severity, message: "bad", fix: "fix it" });
    expect(() => assertNoFindings({ findings: [finding("warning"), finding("error")] })).toThrow("2 finding(s):\n  warning: dev: Deployment/shop/web spec: [x/rule] bad — fix it\n  error: dev: Deployment/shop/web spec: [x/rule] bad — fix it");
    expect(() => assertNoFindings({ findings: [finding("warning")] }, { warnings: false })).not.toThrow();
    expect(() => assertNoFindings({ findings: [finding("error")] }, { warnings: false })).toThrow("1 finding(s)");
  });
});
