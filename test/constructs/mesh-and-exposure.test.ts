import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { runPolicy } from "../../validate/policy/index.js";
import { objectNamed } from "../support/allow-sets.js";
import { baseConfig, health, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;

const api = {
  image: { repository: "api", tag: "1.0.0" },
  ports: [
    { name: "http", port: 80, containerPort: 8080 },
    { name: "grpc", port: 9000, protocol: "grpc" as const },
    { name: "metrics", port: 9090 },
    { name: "db", port: 5432, protocol: "tcp" as const },
  ],
  probes: health,
  metrics: { port: "metrics" },
  expose: { host: "api.example.com", path: "/v1" },
};
const meshed = { namespaces: { shop: {} }, mesh: { injection: true, cni: true }, ingress: { controller: "istio" as const, tls: { issuer: { name: "letsencrypt" } } } };

function config(service: object = {}, environment: object = {}): TestConfig {
  return baseConfig({ api: { ...api, ...service } }, { ...meshed, ...environment });
}

describe("DestinationRule and VirtualService", () => {
  it("render the service's traffic settings with mTLS and no deprecated fields", () => {
    const objects = renderInline(config({ traffic: { outlierDetection: { consecutiveGatewayErrors: 3 }, connectionPool: { idleTimeout: "60s" } } }));
    expect(spec(objectNamed(objects, "DestinationRule", "api"))).toEqual({
      host: "api.shop.svc.cluster.local",
      trafficPolicy: {
        tls: { mode: "ISTIO_MUTUAL" },
        connectionPool: { tcp: { maxConnections: 1024, connectTimeout: "5s" }, http: { http1MaxPendingRequests: 1024, http2MaxRequests: 1024, idleTimeout: "60s" } },
        outlierDetection: { consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
      },
    });
    expect(runPolicy("dev", objects.map((object) => ({ object })), "restricted")).toEqual([]);
  });

  it("route each HTTP and gRPC port (not metrics, not TCP) with timeout and retries", () => {
    const routes = spec(objectNamed(renderInline(config({ traffic: { timeout: "20s", retries: { attempts: 3, perTryTimeout: "5s" } } })), "VirtualService", "api")).http;
    expect(routes.map((route: Json) => route.name)).toEqual(["http", "grpc"]);
    expect(routes[0]).toEqual({
      name: "http",
      match: [{ port: 80 }],
      route: [{ destination: { host: "api.shop.svc.cluster.local", port: { number: 80 } } }],
      timeout: "20s",
      retries: { attempts: 3, perTryTimeout: "5s", retryOn: "connect-failure,refused-stream,unavailable,cancelled" },
    });
  });

  it("turn retries off with attempts 0", () => {
    const [route] = spec(objectNamed(renderInline(config({ traffic: { retries: { attempts: 0 } } })), "VirtualService", "api")).http;
    expect(route.retries).toEqual({ attempts: 0 });
  });

  it("inject faults outside production, as percentage.value", () => {
    const [route] = spec(objectNamed(renderInline(config({ traffic: { fault: { delay: { percent: 5, fixedDelay: "2s" }, abort: { percent: 0.5, httpStatus: 503 } } } })), "VirtualService", "api")).http;
    expect(route.fault).toEqual({ delay: { percentage: { value: 5 }, fixedDelay: "2s" }, abort: { percentage: { value: 0.5 }, httpStatus: 503 } });
  });

  it("reject faults in production and retries that cannot fit in the timeout", () => {
    const production = config({ traffic: { fault: { abort: { percent: 1, httpStatus: 500 } } } });
    production.environments = { production: production.environments.dev! };
    expect(specErrors(production).join("\n")).toContain('services.api.traffic.fault: fault injection is not allowed in production environment "production"');
    expect(specErrors(config({ traffic: { timeout: "10s", retries: { attempts: 2, perTryTimeout: "4s" } } })).join("\n")).toContain(
      "services.api.traffic.retries.perTryTimeout: perTryTimeout (4s) × 3 tries (attempts 2 + 1) exceeds timeout (10s)",
    );
    expect(specErrors(config({ traffic: { timeout: "15 seconds" } })).join("\n")).toContain('services.api.traffic.timeout: "15 seconds" is not an Istio duration');
  });

  it("render a VirtualService for no TCP-only service", () => {
    const objects = renderInline(config({ ports: [{ name: "db", port: 5432, protocol: "tcp" }], probes: { readiness: { tcp: {} }, liveness: { tcp: {} } }, metrics: undefined, expose: undefined }));
    expect(objects.some((object) => object.kind === "VirtualService" && object.metadata.name === "api")).toBe(false);
    expect(objects.some((object) => object.kind === "DestinationRule" && object.metadata.name === "api")).toBe(true);
  });
});

describe("public exposure", () => {
  it("through the Istio gateway: Gateway with TLS and an HTTPS redirect, a VirtualService, a Certificate where the gateway reads secrets", () => {
    const objects = renderInline(config());
    expect(spec(objectNamed(objects, "Gateway", "api"))).toEqual({
      selector: { istio: "ingressgateway" },
      servers: [
        { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["api.example.com"], tls: { mode: "SIMPLE", credentialName: "shop-api-tls" } },
        { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["api.example.com"], tls: { httpsRedirect: true } },
      ],
    });
    const publicRoute = objectNamed(objects, "VirtualService", "api-public");
    expect(spec(publicRoute)).toMatchObject({ hosts: ["api.example.com"], gateways: ["api"] });
    expect(spec(publicRoute).http[0]).toMatchObject({ match: [{ uri: { prefix: "/v1" } }], route: [{ destination: { host: "api.shop.svc.cluster.local", port: { number: 80 } } }] });
    const certificate = objectNamed(objects, "Certificate", "shop-api-tls", "istio-system");
    expect(spec(certificate)).toEqual({ secretName: "shop-api-tls", dnsNames: ["api.example.com"], issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" } });
  });

  it("uses an existing TLS secret instead of a certificate when given", () => {
    const objects = renderInline(config({ expose: { host: "api.example.com", tlsSecret: "wildcard-example-com" } }));
    expect(objects.some((object) => object.kind === "Certificate")).toBe(false);
    expect(spec(objectNamed(objects, "Gateway", "api")).servers[0].tls.credentialName).toBe("wildcard-example-com");
  });

  it("through an Ingress controller: an Ingress with TLS and the cert-manager annotation", () => {
    const objects = renderInline(config({}, { mesh: { injection: false }, ingress: { controller: "ingress", className: "nginx", tls: { issuer: { name: "letsencrypt", kind: "Issuer" } } } }));
    const ingress = objectNamed(objects, "Ingress", "api");
    expect(ingress.metadata.annotations).toEqual({ "cert-manager.io/issuer": "letsencrypt" });
    expect(spec(ingress)).toEqual({
      ingressClassName: "nginx",
      tls: [{ hosts: ["api.example.com"], secretName: "shop-api-tls" }],
      rules: [{ host: "api.example.com", http: { paths: [{ path: "/v1", pathType: "Prefix", backend: { service: { name: "api", port: { name: "http" } } } }] } }],
    });
    expect(objects.some((object) => object.apiVersion.includes("istio.io"))).toBe(false);
  });

  it("requires TLS for an exposed host", () => {
    expect(specErrors(config({}, { ingress: { controller: "istio" } })).join("\n")).toContain("services.api.expose: an exposed host needs TLS");
  });
});

describe("mesh namespace baseline", () => {
  const withExternals = config({
    external: [
      { host: "api.stripe.com", port: 443 },
      { host: "*.googleapis.com", port: 443 },
    ],
  });
  withExternals.services.worker = {
    image: { repository: "worker", tag: "1" },
    dependsOn: ["api"],
    external: [
      { host: "api.stripe.com", port: 8443 },
      { host: "db.example.net", port: 5432, protocol: "tcp", cidrs: ["203.0.113.0/24"] },
    ],
  };
  const objects = renderInline(withExternals);

  it("declares each outside host once per namespace, with the union of its ports", () => {
    expect(spec(objectNamed(objects, "ServiceEntry", "api.stripe.com"))).toEqual({
      hosts: ["api.stripe.com"],
      location: "MESH_EXTERNAL",
      resolution: "DNS",
      ports: [
        { number: 443, name: "https-443", protocol: "TLS" },
        { number: 8443, name: "https-8443", protocol: "TLS" },
      ],
      exportTo: ["."],
    });
    expect(spec(objectNamed(objects, "ServiceEntry", "wildcard.googleapis.com"))).toMatchObject({ hosts: ["*.googleapis.com"], resolution: "NONE" });
    expect(spec(objectNamed(objects, "ServiceEntry", "db.example.net"))).toMatchObject({ addresses: ["203.0.113.0/24"], resolution: "NONE", ports: [{ number: 5432, name: "tcp-5432", protocol: "TCP" }] });
  });

  it("limits sidecar egress to the graph's callees, declared hosts and istiod, registry only", () => {
    expect(spec(objectNamed(objects, "Sidecar", "default"))).toEqual({
      egress: [{ hosts: ["./*.googleapis.com", "./api.stripe.com", "./db.example.net", "istio-system/*", "shop/api.shop.svc.cluster.local"] }],
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
    });
  });

  it("renders no Istio objects and no mesh ports without the mesh", () => {
    const plain = renderInline(config({ expose: undefined }, { mesh: { injection: false } }));
    expect(plain.filter((object) => object.apiVersion.includes("istio.io"))).toEqual([]);
    const rules = JSON.stringify(spec(objectNamed(plain, "NetworkPolicy", "api")));
    expect(rules).not.toContain("15090");
    expect(rules).not.toContain("15012");
  });
});
