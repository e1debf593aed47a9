// The library example: the app's own chart and slipway's beside it, validated on synth.
import { Testing } from "cdk8s";
import * as yaml from "js-yaml";
import { SlipwayEnvironment, SpecError } from "slipway/constructs";
import { assertNoFindings, environment, renderPlatform } from "slipway/testing";
import { describe, expect, it } from "vitest";
import platform from "../platform.js";
import production from "../production.js";
import { storefrontApp } from "./main.js";

type Json = Record<string, any>;
const objectsOf = (text: string) => yaml.loadAll(text) as Json[];
const identity = (object: Json) => `${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name}`;

describe("a cdk8s app with a slipway environment", () => {
  const text = storefrontApp().synthYaml();
  const objects = objectsOf(text);

  it("synthesizes both charts (snapshot)", () => {
    expect(text).toMatchSnapshot();
  });

  it("keeps the app's own objects and adds slipway's", () => {
    expect(objects.find((object) => object.kind === "ConfigMap")).toMatchObject({ metadata: { name: "storefront-flags", namespace: "storefront" }, data: { "one-click-checkout": "true" } });
    const deployment = objects.find((object) => object.kind === "Deployment" && object.metadata.name === "checkout")!;
    expect(deployment.spec.template.spec.containers[0].image).toBe("ghcr.io/storefront/checkout:2.3.1");
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("renders exactly the objects `slipway synth` renders for the environment", async () => {
    const rendered = await renderPlatform("examples/cdk8s-app", { promtool: false });
    assertNoFindings(rendered);
    const cli = environment(rendered, "production").objects.map(identity).sort();
    const library = objects.filter((object) => object.metadata.name !== "storefront-flags").map(identity).sort();
    expect(library).toEqual(cli);
  });

  it("fails app.synth() with the gate's findings when a patch makes an object invalid", () => {
    const app = Testing.app();
    const privileged = {
      ...production,
      patches: [{ target: { kind: "Deployment", namespace: "storefront", name: "checkout" }, reason: "debugging", jsonPatch: [{ op: "add" as const, path: "/spec/template/spec/containers/0/securityContext/privileged", value: true }] }],
    };
    new SlipwayEnvironment(app, "checkout", { config: { ...platform, environments: { production: privileged } }, environment: "production" });
    expect(() => app.synthYaml()).toThrow("[checkout] production/storefront/deployment-checkout.yaml: Deployment/storefront/checkout spec.template.spec.containers.0.securityContext.privileged: [pss/privileged]");
  });

  it("reports a config problem with its field path, and an unknown environment with the ones there are", () => {
    const broken = { ...platform, services: { ...platform.services, checkout: { ...platform.services.checkout, replicas: -1 } }, environments: { production } };
    expect(() => new SlipwayEnvironment(Testing.app(), "checkout", { config: broken, environment: "production", file: "storefront.ts" })).toThrow(SpecError);
    expect(() => new SlipwayEnvironment(Testing.app(), "checkout", { config: broken, environment: "production", file: "storefront.ts" })).toThrow(/storefront\.ts: services\.checkout\.replicas: /);
    expect(() => new SlipwayEnvironment(Testing.app(), "checkout", { config: { ...platform, environments: { production } }, environment: "staging" })).toThrow('config: no environment "staging"; the config defines production');
  });
});
