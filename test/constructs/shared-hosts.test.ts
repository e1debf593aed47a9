// Several services on one host through the Istio gateway: one Certificate, one Gateway and one
// VirtualService for the host, a route per service longest prefix first. Before, each service got
// its own Gateway for the same host — a conflict Istio reports as IST0145, where one path stops working.
import { describe, expect, it } from "vitest";
import { renderEnvironment } from "../../cli/render.js";
import type { KubeObject } from "../../constructs/synth.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { objectNamed } from "../support/allow-sets.js";
import { baseConfig, health, renderInline, resolveInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;
const service = (name: string, path: string, extra: Json = {}) => ({ image: { repository: name, tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: health, expose: { host: "api.example.com", path }, ...extra });
const meshed = { namespaces: { shop: {} }, mesh: { injection: true, cni: true }, ingress: { controller: "istio" as const, tls: { issuer: { name: "letsencrypt" } } } };

function twoOnOneHost(api: Json = {}, auth: Json = {}): TestConfig {
  return baseConfig({ api: service("api", "/", api), auth: service("auth", "/auth", auth) }, meshed);
}

describe("services sharing a host", () => {
  it("get one Gateway, one VirtualService routing the longest prefix first, and one Certificate for the host", () => {
    const objects = renderInline(twoOnOneHost({}, { traffic: { timeout: "5s", retries: { attempts: 1, perTryTimeout: "2s" } } }));
    const gateways = objects.filter((object) => object.kind === "Gateway");
    expect(gateways.map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual(["shop/api.example.com"]);
    expect(spec(gateways[0]!).servers).toEqual([
      { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["api.example.com"], tls: { mode: "SIMPLE", credentialName: "shop-api.example.com-tls" } },
      { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["api.example.com"], tls: { httpsRedirect: true } },
    ]);
    const routes = objects.filter((object) => object.kind === "VirtualService" && spec(object).gateways !== undefined);
    expect(routes.map((object) => object.metadata.name)).toEqual(["api.example.com"]);
    expect(spec(routes[0]!)).toMatchObject({ hosts: ["api.example.com"], gateways: ["api.example.com"] });
    expect(spec(routes[0]!).http.map((route: Json) => [route.name, route.match[0].uri.prefix, route.route[0].destination.host])).toEqual([
      ["auth", "/auth", "auth.shop.svc.cluster.local"],
      ["api", "/", "api.shop.svc.cluster.local"],
    ]);
    expect(spec(routes[0]!).http[0]).toMatchObject({ timeout: "5s", retries: { attempts: 1, perTryTimeout: "2s" } });
    expect(objects.filter((object) => object.kind === "Certificate").map((object) => `${object.metadata.namespace}/${object.metadata.name} ${spec(object).dnsNames}`)).toEqual(["istio-system/shop-api.example.com-tls api.example.com"]);
    // No per-service Gateway or public VirtualService is left for either.
    expect(objects.some((object) => ["api", "auth"].includes(object.metadata.name) && object.kind === "Gateway")).toBe(false);
    expect(objects.some((object) => object.metadata.name.endsWith("-public"))).toBe(false);
    // The whole render passes the gate (schemas, policy, cross-object rules); baseConfig's web, which nothing calls, is only unreachable.
    expect(renderEnvironment(resolveInline(twoOnOneHost())[0]!, SchemaCatalog.load()).findings.map(({ rule, object }) => `${rule} ${object}`)).toEqual(["xo/service-unreachable Service/shop/web"]);
  });

  it("use the certificate secret a service names, and refuse two different ones", () => {
    const objects = renderInline(twoOnOneHost({ expose: { host: "api.example.com", path: "/", tlsSecret: "wildcard-example-com" } }));
    expect(objects.some((object) => object.kind === "Certificate")).toBe(false);
    expect(spec(objectNamed(objects, "Gateway", "api.example.com")).servers[0].tls.credentialName).toBe("wildcard-example-com");
    const errors = specErrors(twoOnOneHost({ expose: { host: "api.example.com", path: "/", tlsSecret: "one" } }, { expose: { host: "api.example.com", path: "/auth", tlsSecret: "two" } }));
    expect(errors.join("\n")).toContain("services.auth.expose.tlsSecret: api.example.com is served with one certificate, and services.api names one for it");
  });

  it("refuse two services on one prefix, however its slashes are written, naming both", () => {
    const errors = specErrors(twoOnOneHost({}, { expose: { host: "api.example.com", path: "/" } }));
    expect(errors.join("\n")).toContain("services.auth.expose.path: api.example.com/ is the route services.api is exposed on (api.example.com/)");
    const slashes = specErrors(baseConfig({ api: service("api", "/auth"), auth: service("auth", "/auth/") }, meshed));
    expect(slashes.join("\n")).toContain("services.auth.expose.path: api.example.com/auth/ is the route services.api is exposed on (api.example.com/auth)");
  });

  it("keep a host one service is exposed on as before: its own Gateway and public VirtualService", () => {
    const objects = renderInline(baseConfig({ api: service("api", "/") }, meshed));
    expect(objects.filter((object) => object.kind === "Gateway").map((object) => object.metadata.name)).toEqual(["api"]);
    expect(objects.some((object) => object.kind === "VirtualService" && object.metadata.name === "api-public")).toBe(true);
  });

  it("through an Ingress controller stay one Ingress per service, which the controller merges by host", () => {
    const objects = renderInline(baseConfig({ api: service("api", "/"), auth: service("auth", "/auth") }, { namespaces: { shop: {} }, ingress: { controller: "ingress", className: "nginx", tls: { issuer: { name: "letsencrypt" } } } }));
    expect(objects.filter((object) => object.kind === "Ingress").map((object) => object.metadata.name)).toEqual(["api", "auth"]);
  });
});

describe("services sharing a host through an Ingress controller", () => {
  const nginx = { namespaces: { shop: {}, admin: {} }, ingress: { controller: "ingress" as const, className: "nginx", tls: { issuer: { name: "letsencrypt" } } } };

  it("keep an Ingress each, sharing one secret per namespace that only the first asks cert-manager for (two would fight over the Certificate)", () => {
    const config = baseConfig({ api: service("api", "/", { namespace: "shop" }), auth: service("auth", "/auth", { namespace: "shop" }), console: service("console", "/console", { namespace: "admin" }) }, nginx);
    (config.services.web as Json).namespace = "shop";
    const objects = renderInline(config);
    const ingresses = objects.filter((object) => object.kind === "Ingress");
    expect(ingresses.map((ingress) => [ingress.metadata.namespace, ingress.metadata.name, spec(ingress).tls[0].secretName, (ingress.metadata.annotations as Json | undefined)?.["cert-manager.io/cluster-issuer"] ?? "—"])).toEqual([
      ["shop", "api", "shop-api.example.com-tls", "letsencrypt"],
      ["shop", "auth", "shop-api.example.com-tls", "—"],
      // Alone on the host in its namespace: a secret and a certificate of its own (Ingress secrets are namespace-local).
      ["admin", "console", "admin-console-tls", "letsencrypt"],
    ]);
  });
});
