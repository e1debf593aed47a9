import { describe, expect, it } from "vitest";
import { ingressOf, isProduction } from "../../spec/environment-settings.js";
import { buildGraph } from "../../spec/graph.js";
import { baseConfig, health, resolveInline } from "../support/inline.js";

const service = (namespace: string, extra: object = {}) => ({
  namespace,
  image: { repository: "x", tag: "1" },
  ports: [
    { name: "http", port: 80, containerPort: 8080 },
    { name: "metrics", port: 9090 },
  ],
  probes: health,
  metrics: { port: "metrics" },
  ...extra,
});

const config = baseConfig(
  {
    web: service("front", { dependsOn: ["api", { service: "search", ports: ["metrics"] }], expose: { host: "shop.example.com", tlsSecret: "shop-tls" } }),
    api: service("back", { containers: { sidecar: { image: { repository: "s", tag: "1" }, ports: [{ name: "admin", port: 7000 }], probes: health } } }),
    search: service("back", { external: [{ host: "api.stripe.com" }] }),
  },
  { namespaces: { front: {}, back: { name: "back-dev" } } },
);
const [environment] = resolveInline(config);

describe("buildGraph", () => {
  const graph = buildGraph(environment!);

  it("has a node per service with its namespace, identity and pod ports", () => {
    expect([...graph.nodes.keys()]).toEqual(["api", "search", "web"]);
    const api = graph.node("api");
    expect(api).toMatchObject({ namespaceKey: "back", namespace: "back-dev", serviceAccount: "api" });
    expect(api.ports.map((port) => `${port.container}/${port.name}:${port.containerPort}`)).toEqual(["api/http:8080", "api/metrics:9090", "sidecar/admin:7000"]);
    expect(api.metricsPorts.map((port) => port.name)).toEqual(["metrics"]);
  });

  it("draws an edge per dependency; by default on the callee main container's ports but metrics", () => {
    expect(graph.edges.map((edge) => `${edge.from}→${edge.to}:${edge.ports.map((port) => port.name).join(",")}`)).toEqual(["web→api:http", "web→search:metrics"]);
    expect(graph.callersOf("api").map((edge) => edge.from)).toEqual(["web"]);
    expect(graph.calleesOf("web").map((edge) => edge.to)).toEqual(["api", "search"]);
    expect(graph.callersOf("web")).toEqual([]);
  });

  it("records exposure on the first http port and outside hosts with their defaults", () => {
    expect(graph.node("web").exposure).toMatchObject({ host: "shop.example.com", path: "/", port: { name: "http", containerPort: 8080 }, tlsSecret: "shop-tls" });
    expect(graph.node("search").external).toEqual([{ host: "api.stripe.com", port: 443, protocol: "https", cidrs: [] }]);
  });

  it("throws for a service that is not in the graph", () => {
    expect(() => graph.node("nope")).toThrow("no service nope in the graph");
  });
});

describe("environment defaults", () => {
  it("picks the Istio gateway in a meshed environment, an Ingress controller otherwise", () => {
    const [plain] = resolveInline(baseConfig());
    expect(ingressOf(plain!)).toMatchObject({ controller: "ingress", className: "nginx", namespace: "ingress-nginx" });
    const [meshed] = resolveInline(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true } }));
    expect(ingressOf(meshed!)).toMatchObject({ controller: "istio", namespace: "istio-system", serviceAccount: "istio-ingressgateway-service-account" });
  });

  it("treats environments named production or prod as production unless told otherwise", () => {
    const config = baseConfig();
    config.environments = { production: { namespaces: { shop: {} } }, prod: { namespaces: { shop: {} } }, qa: { namespaces: { shop: {} } }, live: { namespaces: { shop: {} }, production: true } };
    expect(Object.fromEntries(resolveInline(config).map((environment) => [environment.name, isProduction(environment)]))).toEqual({ live: true, prod: true, production: true, qa: false });
  });
});
