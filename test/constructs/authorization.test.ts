// Principals are split into rules of at most 256: every caller appears once, and no rule comes out
// with an empty principal list (which Istio reads as "any source").
import { describe, expect, it } from "vitest";
import { allowRules } from "../../constructs/mesh/authorization.js";
import { buildGraph } from "../../spec/graph.js";
import type { ServiceInput } from "../../spec/schema/service.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { baseConfig, health, renderInline, resolveInline } from "../support/inline.js";

const caller = (index: number) => `caller-${String(index).padStart(3, "0")}`;

function hubWithCallers(count: number) {
  const services: Record<string, ServiceInput> = { hub: { image: { repository: "hub", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: health } };
  for (let index = 0; index < count; index++) services[caller(index)] = { image: { repository: "caller", tag: "1.0.0" }, dependsOn: ["hub"] };
  return baseConfig(services, { namespaces: { shop: {} }, mesh: { injection: true, cni: true } });
}

describe("AuthorizationPolicy principals of a service with many callers", () => {
  it.each([
    [255, [255]],
    [256, [256]],
    [257, [256, 1]],
    [513, [256, 256, 1]],
  ])("%i callers give rules of %j principals, each caller once", (count, sizes) => {
    const [environment] = resolveInline(hubWithCallers(count));
    const graph = buildGraph(environment!);
    const rules = allowRules(graph.node("hub"), graph, environment!);
    const principals = rules.map((rule) => (rule.from ?? []).flatMap((from) => from.source?.principals ?? []));
    expect(principals.map((list) => list.length)).toEqual(sizes);
    expect(new Set(principals.flat())).toEqual(new Set(Array.from({ length: count }, (_, index) => `cluster.local/ns/shop/sa/${caller(index)}`)));
    for (const rule of rules) expect(rule.to).toEqual([{ operation: { ports: ["8080"] } }]);
  });

  it("renders 257 callers into a policy the gate passes", () => {
    const objects = renderInline(hubWithCallers(257));
    const hub = objects.find((object) => object.kind === "AuthorizationPolicy" && object.metadata.name === "hub")!;
    expect(runGate("dev", [{ object: hub }], { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.rule.startsWith("istio/"))).toEqual([]);
  });
});
