// The exact allow-set derived from a 6-service graph over 2 namespaces: every declared edge is
// allowed, nothing undeclared is, and removing one edge removes exactly its rules. Callees serve
// Service ports that differ from their pod ports, so a policy naming the Service port is caught.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import type { ServiceInput } from "../../spec/schema/service.js";
import { authorizationAllowSet, networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { renderInline, type TestConfig } from "../support/inline.js";

const http = (path = "/healthz") => ({ readiness: { http: { path } }, liveness: { http: { path } } });
const grpc = { readiness: { grpc: {} }, liveness: { grpc: {} } };
const tcp = { readiness: { tcp: {} }, liveness: { tcp: {} } };
const image = (repository: string) => ({ repository, tag: "1.0.0" });

function shopConfig(change: (services: Record<string, ServiceInput>) => void = () => {}): TestConfig {
  const services: Record<string, ServiceInput> = {
    web: {
      namespace: "storefront",
      image: image("web"),
      ports: [
        { name: "http", port: 80, containerPort: 8080 },
        { name: "metrics", port: 9090 },
      ],
      probes: http(),
      metrics: { port: "metrics" },
      expose: { host: "shop.example.com" },
      dependsOn: [{ service: "cart", ports: ["grpc"] }, "catalog"],
    },
    cart: { namespace: "storefront", image: image("cart"), ports: [{ name: "grpc", port: 9000, protocol: "grpc" }], probes: grpc, dependsOn: [{ service: "payments", ports: ["http"] }] },
    catalog: {
      namespace: "storefront",
      image: image("catalog"),
      // The Service port differs from the pod port: policies must name the pod port (8080).
      ports: [
        { name: "http", port: 80, containerPort: 8080 },
        { name: "metrics", port: 9090 },
      ],
      probes: http(),
      metrics: { port: "metrics" },
    },
    payments: {
      namespace: "payments",
      image: image("payments"),
      ports: [
        { name: "http", port: 80, containerPort: 8080 },
        { name: "admin", port: 8081 },
      ],
      probes: http(),
      dependsOn: ["ledger"],
      external: [
        { host: "api.stripe.com", port: 443 },
        { host: "bank.example.net", port: 9443, protocol: "tcp", cidrs: ["203.0.113.0/24"] },
      ],
    },
    ledger: { namespace: "payments", image: image("ledger"), ports: [{ name: "postgres", port: 5432, protocol: "tcp" }], probes: tcp },
    reports: { namespace: "payments", image: image("reports"), ports: [{ name: "http", port: 8080 }], probes: http(), dependsOn: ["ledger"] },
  };
  change(services);
  return {
    platform: { name: "shop", registry: "ghcr.io/acme" },
    services,
    environments: {
      prod: {
        namespaces: { storefront: {}, payments: {} },
        mesh: { injection: true, cni: true },
        ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt" } } },
      },
    },
  };
}

const objects = renderInline(shopConfig());
const policy = (kind: string, name: string, from: readonly KubeObject[] = objects) => objectNamed(from, kind, name);
const istiod = "istio-system/app=istiod → 15012";
const prometheus = (ports: string) => `monitoring/app.kubernetes.io/name=prometheus → ${ports}`;
const principal = (namespace: string, account: string) => `cluster.local/ns/${namespace}/sa/${account}`;

describe("NetworkPolicies from the graph", () => {
  const expected: Record<string, { ingress: string[]; egress: string[] }> = {
    web: {
      ingress: ["istio-system/istio=ingressgateway → 8080", prometheus("9090,15090")],
      egress: ["storefront/cart → 9000", "storefront/catalog → 8080", istiod],
    },
    cart: { ingress: ["storefront/web → 9000", prometheus("15090")], egress: ["payments/payments → 8080", istiod] },
    catalog: { ingress: ["storefront/web → 8080", prometheus("9090,15090")], egress: [istiod] },
    payments: {
      ingress: ["storefront/cart → 8080", prometheus("15090")],
      egress: ["payments/ledger → 5432", "any → 443", "ip 203.0.113.0/24 → 9443", istiod],
    },
    ledger: { ingress: ["payments/payments → 5432", "payments/reports → 5432", prometheus("15090")], egress: [istiod] },
    // No callers, not exposed, no metrics port: only the sidecar's metrics may be scraped.
    reports: { ingress: [prometheus("15090")], egress: ["payments/ledger → 5432", istiod] },
  };

  it.each(Object.keys(expected))("%s admits exactly its callers and reaches exactly its callees", (name) => {
    const networkPolicy = policy("NetworkPolicy", name);
    expect(networkAllowSet(networkPolicy, "ingress")).toEqual(expected[name]!.ingress);
    expect(networkAllowSet(networkPolicy, "egress")).toEqual(expected[name]!.egress);
    expect(networkPolicy.spec).toMatchObject({
      policyTypes: ["Ingress", "Egress"],
      podSelector: { matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": `${name}-prod` } },
    });
  });

  it("selects a caller in another namespace by namespace AND pod in one peer", () => {
    const [rule] = (policy("NetworkPolicy", "payments").spec as any).ingress;
    expect(rule.from).toEqual([
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "storefront" } },
        podSelector: { matchLabels: { "app.kubernetes.io/name": "cart", "app.kubernetes.io/instance": "cart-prod" } },
      },
    ]);
  });

  it.each(["storefront", "payments"])("namespace %s denies by default and allows DNS on UDP and TCP 53", (namespace) => {
    const deny = objectNamed(objects, "NetworkPolicy", "default-deny", namespace);
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = objectNamed(objects, "NetworkPolicy", "allow-dns", namespace);
    expect(dns.spec).toMatchObject({ podSelector: {}, policyTypes: ["Egress"] });
    expect(networkAllowSet(dns, "egress")).toEqual(["kube-system/k8s-app=kube-dns → 53/udp,53"]);
  });

  it("takes the DNS target from the environment (NodeLocal DNS)", () => {
    const config = shopConfig();
    config.environments.prod!.network = { dns: { namespace: "kube-system", podLabels: { "k8s-app": "node-local-dns" }, cidrs: ["169.254.20.10/32"] } };
    const dns = objectNamed(renderInline(config), "NetworkPolicy", "allow-dns", "payments");
    expect(networkAllowSet(dns, "egress")).toEqual(["kube-system/k8s-app=node-local-dns → 53/udp,53", "ip 169.254.20.10/32 → 53/udp,53"]);
  });

  it("allows every declared edge and nothing else, for every pair of services", () => {
    const services = shopConfig().services;
    for (const [caller, spec] of Object.entries(services)) {
      const declared = new Set((spec.dependsOn ?? []).map((dependency) => (typeof dependency === "string" ? dependency : dependency.service)));
      for (const callee of Object.keys(services)) {
        const calleeNamespace = services[callee]!.namespace;
        const admitted = networkAllowSet(policy("NetworkPolicy", callee), "ingress").some((line) => line.startsWith(`${services[caller]!.namespace}/${caller} `));
        const reaches = networkAllowSet(policy("NetworkPolicy", caller), "egress").some((line) => line.startsWith(`${calleeNamespace}/${callee} `));
        const authorized = authorizationAllowSet(policy("AuthorizationPolicy", callee)).some((line) => line.startsWith(`${principal(services[caller]!.namespace!, caller)} `));
        expect({ caller, callee, admitted, reaches, authorized }).toEqual({ caller, callee, admitted: declared.has(callee), reaches: declared.has(callee), authorized: declared.has(callee) });
      }
    }
  });
});

describe("AuthorizationPolicies from the graph", () => {
  const expected: Record<string, string[]> = {
    web: [`${principal("istio-system", "istio-ingressgateway-service-account")} → 8080`, `${principal("monitoring", "prometheus")} → 9090`],
    cart: [`${principal("storefront", "web")} → 9000`],
    catalog: [`${principal("storefront", "web")} → 8080`, `${principal("monitoring", "prometheus")} → 9090`],
    payments: [`${principal("storefront", "cart")} → 8080`],
    ledger: [`${principal("payments", "payments")} → 5432`, `${principal("payments", "reports")} → 5432`],
    reports: [],
  };

  it.each(Object.keys(expected))("%s allows exactly its callers' identities on the edges' pod ports", (name) => {
    const authorization = policy("AuthorizationPolicy", name);
    expect(authorizationAllowSet(authorization)).toEqual(expected[name]);
    expect(authorization.spec).toMatchObject({ action: "ALLOW", selector: { matchLabels: { "app.kubernetes.io/name": name } } });
  });

  it("never emits an allow-all rule, even for a service nobody calls", () => {
    expect(policy("AuthorizationPolicy", "reports").spec).not.toHaveProperty("rules");
    for (const object of objects.filter((candidate) => candidate.kind === "AuthorizationPolicy")) {
      for (const rule of ((object.spec as any).rules ?? []) as object[]) expect(Object.keys(rule)).toContain("to");
    }
  });

  it.each(["storefront", "payments"])("namespace %s has STRICT mTLS and allow-nothing", (namespace) => {
    expect(objectNamed(objects, "PeerAuthentication", "default", namespace).spec).toEqual({ mtls: { mode: "STRICT" } });
    expect(objectNamed(objects, "AuthorizationPolicy", "allow-nothing", namespace).spec).toEqual({});
  });

  it("emits no identity rules where the environment asks for PERMISSIVE, limiting ports only", () => {
    const config = shopConfig();
    config.environments.prod!.namespaces = { storefront: {}, payments: { mtls: "PERMISSIVE" } };
    const permissive = renderInline(config);
    expect(objectNamed(permissive, "PeerAuthentication", "default", "payments").spec).toEqual({ mtls: { mode: "PERMISSIVE" } });
    // PERMISSIVE relaxes who must prove an identity, never the default deny.
    expect(objectNamed(permissive, "AuthorizationPolicy", "allow-nothing", "payments").spec).toEqual({});
    expect(authorizationAllowSet(policy("AuthorizationPolicy", "ledger", permissive))).toEqual(["anyone → 5432"]);
    expect(authorizationAllowSet(policy("AuthorizationPolicy", "payments", permissive))).toEqual(["anyone → 8080"]);
    expect(authorizationAllowSet(policy("AuthorizationPolicy", "cart", permissive))).toEqual([`${principal("storefront", "web")} → 9000`]);
  });

  it("opens the metrics port to plaintext scrapes when Prometheus has no mesh certificates", () => {
    const config = shopConfig();
    config.environments.prod!.prometheus = { mtls: false };
    const plaintext = renderInline(config);
    expect(authorizationAllowSet(policy("AuthorizationPolicy", "catalog", plaintext))).toEqual([`${principal("storefront", "web")} → 8080`, "anyone → 9090"]);
    expect(objectNamed(plaintext, "PeerAuthentication", "catalog-metrics").spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "catalog", "app.kubernetes.io/instance": "catalog-prod" } },
      mtls: { mode: "STRICT" },
      portLevelMtls: { "9090": { mode: "PERMISSIVE" } },
    });
    expect(plaintext.some((object) => object.kind === "PeerAuthentication" && object.metadata.name === "cart-metrics")).toBe(false);
  });
});

describe("removing one dependsOn entry", () => {
  const without = renderInline(shopConfig((services) => (services.web!.dependsOn = ["catalog"])));
  const key = (object: KubeObject) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;

  it("changes exactly the caller's egress, the callee's ingress and principal, and the namespace's mesh egress", () => {
    const before = new Map(objects.map((object) => [key(object), JSON.stringify(object)]));
    const changed = without.filter((object) => before.get(key(object)) !== JSON.stringify(object)).map(key);
    expect(changed.sort()).toEqual(["AuthorizationPolicy/storefront/cart", "NetworkPolicy/storefront/cart", "NetworkPolicy/storefront/web", "Sidecar/storefront/default"]);
    expect(without.map(key).sort()).toEqual(objects.map(key).sort());
  });

  it("removes exactly the corresponding egress, ingress and principal", () => {
    const gone = (kind: string, name: string, read: (policy: KubeObject) => string[]) =>
      read(policy(kind, name)).filter((line) => !read(policy(kind, name, without)).includes(line));
    expect(gone("NetworkPolicy", "web", (p) => networkAllowSet(p, "egress"))).toEqual(["storefront/cart → 9000"]);
    expect(gone("NetworkPolicy", "cart", (p) => networkAllowSet(p, "ingress"))).toEqual(["storefront/web → 9000"]);
    expect(gone("AuthorizationPolicy", "cart", authorizationAllowSet)).toEqual([`${principal("storefront", "web")} → 9000`]);
    expect((policy("Sidecar", "default", without).spec as any).egress[0].hosts).not.toContain("storefront/cart.storefront.svc.cluster.local");
  });
});
