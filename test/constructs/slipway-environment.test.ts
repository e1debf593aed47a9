// slipway/constructs: an environment as a chart of a cdk8s app renders what `slipway synth` writes.
import { Testing } from "cdk8s";
import { loadConfig, SlipwayEnvironment, SpecError } from "slipway/constructs";
import { environment, renderPlatform } from "slipway/testing";
import { describe, expect, it } from "vitest";
import { baseConfig } from "../support/inline.js";

type Json = Record<string, any>;
const identity = (object: Json) => `${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;

describe("SlipwayEnvironment", () => {
  it("from a config loaded from disk: the same objects as synth, patches and extra manifests included", async () => {
    const chart = new SlipwayEnvironment(Testing.app(), "pm", { config: await loadConfig("examples/property-management"), environment: "production" });
    const objects = chart.toJson() as Json[];
    const cli = environment(await renderPlatform("examples/property-management", { environments: ["production"], promtool: false }), "production").objects;
    expect(objects.map(identity).sort()).toEqual(cli.map(identity).sort());
    // A patch of the example (minReadySeconds on the api) and an extra manifest (the ClusterIssuer) are there.
    expect(objects.find((object) => object.kind === "Deployment" && object.metadata.name === "api")!.spec.minReadySeconds).toBe(10);
    expect(objects.some((object) => object.kind === "ClusterIssuer")).toBe(true);
    expect(chart.findings).toEqual([]);
  });

  it("refuses an in-memory config that names manifest directories, which only a loaded config has read", () => {
    const config = baseConfig(undefined, { namespaces: { shop: {} }, manifests: ["manifests/dev"] });
    expect(() => new SlipwayEnvironment(Testing.app(), "shop", { config, environment: "dev", file: "shop.ts" })).toThrow(SpecError);
    expect(() => new SlipwayEnvironment(Testing.app(), "shop", { config, environment: "dev", file: "shop.ts" })).toThrow("shop.ts: environments.dev.manifests: manifest directories are read when a config is loaded from disk");
  });

  it("reports a patch without a target at its field, as synth does", () => {
    const config = baseConfig(undefined, { namespaces: { shop: {} }, patches: [{ target: { kind: "Deployment", namespace: "shop", name: "cart" }, mergePatch: { spec: { minReadySeconds: 5 } } }] });
    const chart = new SlipwayEnvironment(Testing.app(), "shop", { config, environment: "dev", file: "shop.ts" });
    expect(() => chart.toJson()).toThrow(SpecError);
    expect(() => chart.toJson()).toThrow("shop.ts: environments.dev.patches[0].target: no rendered object is Deployment shop/cart");
  });

  it("names a loaded config's files when the environment is not one of them", async () => {
    expect(() => new SlipwayEnvironment(Testing.app(), "pm", { config: loaded, environment: "dev" })).toThrow('examples/property-management/platform.yaml: no environment "dev"; the config defines production, staging');
  });
});

const loaded = await loadConfig("examples/property-management");
