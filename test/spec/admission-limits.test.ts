// What the API server and admission would refuse is refused by slipway first: a LimitRange whose
// defaults lie outside its own bounds, a container (the mesh proxy included) outside its namespace's
// LimitRange, a request above the limit a LimitRange would give it.
import { describe, expect, it } from "vitest";
import { baseConfig, findObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const limitsOf = (config: TestConfig) => (findObject(renderInline(config), "LimitRange", "shop").spec as Json).limits;

/** The shop platform with web small enough for a 128M namespace. */
function small(limitRange: Json, environment: Json = {}): TestConfig {
  const config = baseConfig({}, { namespaces: { shop: { limitRange } }, ...environment } as never);
  (config.services.web as Json).resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "100M" } };
  return config;
}

describe("a namespace's LimitRange", () => {
  it("brings slipway's default limit and request within a declared max (they were 512Mi and 128Mi above a 128M max)", () => {
    expect(limitsOf(small({ max: { memory: "128M" } }))).toEqual([{ type: "Container", defaultRequest: { cpu: "100m", memory: "128M" }, default: { memory: "128M" }, max: { memory: "128M" } }]);
  });

  it("raises slipway's default request to a declared min, and takes a declared cpu max as the default cpu limit, as the API server would", () => {
    const config = small({ min: { cpu: "200m" }, max: { cpu: "1" } });
    (config.services.web as Json).resources.requests.cpu = "200m";
    expect(limitsOf(config)).toEqual([
      { type: "Container", defaultRequest: { cpu: "200m", memory: "128Mi" }, default: { cpu: "1", memory: "512Mi" }, max: { cpu: "1" }, min: { cpu: "200m" } },
    ]);
  });

  it("is a spec error when a declared value crosses another: default above max, request above default, min above max", () => {
    expect(specErrors(small({ default: { memory: "1Gi" }, max: { memory: "512Mi" } }))).toContainEqual(
      expect.stringMatching(/environments\.dev\.namespaces\.shop\.limitRange\.default\.memory: limitRange\.default\.memory \(1Gi\) is above limitRange\.max\.memory \(512Mi\); the API server refuses this LimitRange/),
    );
    expect(specErrors(small({ defaultRequest: { cpu: "2" }, default: { cpu: "1" } }))).toContainEqual(
      expect.stringMatching(/limitRange\.defaultRequest\.cpu: limitRange\.defaultRequest\.cpu \(2\) is above limitRange\.default\.cpu \(1\)/),
    );
    expect(specErrors(small({ min: { memory: "1Gi" }, max: { memory: "512Mi" } }))).toContainEqual(expect.stringMatching(/limitRange\.min\.memory: limitRange\.min\.memory \(1Gi\) is above limitRange\.max\.memory \(512Mi\)/));
    // A declared bound that slipway's own default crosses is not an error: the default follows it.
    expect(() => renderInline(small({ max: { memory: "100M" }, min: { cpu: "10m" } }))).not.toThrow();
  });
});

describe("containers against their namespace's LimitRange", () => {
  it("refuses a mesh proxy whose limit is over the namespace's max (every pod would be refused at admission)", () => {
    const errors = specErrors(small({ max: { memory: "256Mi" } }, { mesh: { injection: true, cni: true } }));
    expect(errors).toContainEqual(expect.stringMatching(/environments\.dev\.mesh\.sidecar\.limits\.memory: the mesh proxy's memory limit \(1Gi\) exceeds namespaces\.shop\.limitRange\.max\.memory \(256Mi\): every pod in shop would be refused at admission/));
    const fitted = small({ max: { memory: "256Mi" } }, { mesh: { injection: true, cni: true, sidecar: { limits: { memory: "256Mi" } } } });
    expect(() => renderInline(fitted)).not.toThrow();
    expect(specErrors(small({ min: { cpu: "200m" } }, { mesh: { injection: true, cni: true } }))).toContainEqual(expect.stringMatching(/mesh\.sidecar\.requests\.cpu: the mesh proxy's cpu request \(100m\) is below namespaces\.shop\.limitRange\.min\.cpu \(200m\)/));
  });

  it("refuses a request above the limit the LimitRange gives a container that declares none", () => {
    const requesting = (limits: Json) => {
      const config = small({ default: { cpu: "200m" } });
      (config.services.web as Json).resources = { requests: { cpu: "500m", memory: "64Mi" }, limits: { memory: "100M", ...limits } };
      return config;
    };
    expect(specErrors(requesting({}))).toContainEqual(expect.stringMatching(/services\.web\.resources\.requests\.cpu: the cpu request \(500m\) is above the limit the namespace LimitRange gives a container without one \(200m\)/));
    expect(() => renderInline(requesting({ cpu: "1" }))).not.toThrow();
  });
});
