// Cluster services: what runs in the cluster without slipway rendering it. A caller gets egress to
// exactly its namespace, pods and ports, its host in the Sidecar, and no ServiceEntry.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { buildGraph } from "../../spec/graph.js";
import { graphReadme } from "../../render/graph-readme.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { baseConfig, renderInline, resolveInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;

const clusterServices = {
  "otel-collector": {
    namespace: "observability",
    service: "opentelemetry-collector",
    podLabels: { "app.kubernetes.io/name": "opentelemetry-collector" },
    ports: [
      { name: "otlp-grpc", port: 4317, protocol: "grpc" },
      { name: "otlp-http", port: 4318 },
    ],
  },
  redis: { namespace: "data", podLabels: { "app.kubernetes.io/name": "redis", "app.kubernetes.io/component": "master" }, ports: [{ name: "redis", port: 6379, containerPort: 6380, protocol: "tcp" }] },
};

function platform(dependsOn: unknown[] = [{ service: "otel-collector", ports: ["otlp-grpc"] }, "redis"], environment: Record<string, unknown> = {}): TestConfig {
  const config = baseConfig({}, { namespaces: { shop: {} }, clusterServices, ...environment } as never);
  (config.services as Json).web = { ...(config.services as Json).web, dependsOn };
  return config;
}

const meshed = { mesh: { injection: true, cni: true } };

describe("calling a cluster service", () => {
  const objects = renderInline(platform(), "dev");

  it("opens egress to exactly its namespace, pods and the ports called, and nothing to any address", () => {
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "web"), "egress")).toEqual([
      "observability/app.kubernetes.io/name=opentelemetry-collector → 4317",
      "data/app.kubernetes.io/name=redis,app.kubernetes.io/component=master → 6380",
    ]);
    const egress = (objectNamed(objects, "NetworkPolicy", "web").spec as Json).egress as Json[];
    expect(egress.every((rule) => Array.isArray(rule.to) && rule.to.length > 0)).toBe(true);
    expect(JSON.stringify(egress)).not.toContain("0.0.0.0/0");
  });

  it("under Istio, adds its host to the namespace's Sidecar and renders no ServiceEntry", () => {
    const mesh = renderInline(platform(undefined, meshed), "dev");
    expect((objectNamed(mesh, "Sidecar", "default").spec as Json).egress[0].hosts).toEqual(
      expect.arrayContaining(["observability/opentelemetry-collector.observability.svc.cluster.local", "data/redis.data.svc.cluster.local"]),
    );
    expect(mesh.filter((object: KubeObject) => object.kind === "ServiceEntry")).toEqual([]);
    const gate = runGate("dev", mesh.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.severity === "error");
    expect(gate).toEqual([]);
  });

  it("is drawn in the graph picture as a cluster service, not rendered", () => {
    const [environment] = resolveInline(platform());
    const readme = graphReadme(environment!, buildGraph(environment!));
    expect(readme).toContain('[["otel-collector (observability, not rendered)"]]');
    expect(readme).toMatch(/svc_web -\.->\|"4317"\| cluster_otel_collector/);
    expect(readme).toContain("| web | shop | otel-collector in observability (otlp-grpc 4317)");
  });

  it.each([
    ["an unknown cluster service", ["otel-colector"], 'services.web.dependsOn[0]: unknown service "otel-colector"; did you mean "otel-collector"?'],
    ["a port it does not declare", [{ service: "redis", ports: ["sentinel"] }], 'services.web.dependsOn[0].ports[0]: cluster service "redis" declares no port "sentinel"; its ports: redis'],
  ])("%s is an error", (_name, dependsOn, message) => {
    expect(specErrors(platform(dependsOn)).join("\n")).toContain(message);
  });

  it("a cluster-local host under external is an error pointing to cluster services", () => {
    const config = platform([]);
    (config.services as Json).web.external = [{ host: "jaeger-collector.observability.svc.cluster.local", port: 4317, protocol: "grpc" }];
    expect(specErrors(config).join("\n")).toContain("services.web.external[0].host: jaeger-collector.observability.svc.cluster.local is a host inside the cluster");
  });

  it("a cluster service named like a catalog service, or with no pod labels, is an error", () => {
    expect(specErrors(platform([], { clusterServices: { ...clusterServices, web: clusterServices.redis } })).join("\n")).toContain('clusterServices.web: "web" is also a service or database of the catalog');
    expect(specErrors(platform([], { clusterServices: { redis: { ...clusterServices.redis, podLabels: {} } } })).join("\n")).toContain("clusterServices.redis.podLabels: name at least one label of its pods");
  });
});
