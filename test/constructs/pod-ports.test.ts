// Ports that stay inside the pod, several metrics ports, and autoscaling on one container's usage.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import type { ServiceInput } from "../../spec/schema/service.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { authorizationAllowSet, networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { baseConfig, findObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const image = (repository: string) => ({ repository, tag: "1.0.0" });

/** A big pod: nginx in front (the Service's port), the app behind it on localhost, an exporter beside. */
const bigPod = (extra: Record<string, unknown> = {}): ServiceInput =>
  ({
    image: image("travel"),
    ports: [
      { name: "app", port: 9000, internal: true },
      { name: "metrics", port: 9100 },
    ],
    probes: { readiness: { http: { path: "/ready", port: "app" } }, liveness: { http: { path: "/healthz", port: "app" } } },
    containers: {
      nginx: {
        image: image("nginx"),
        ports: [
          { name: "http", port: 80, containerPort: 8080 },
          { name: "nginx-metrics", port: 9113 },
        ],
        probes: { readiness: { http: { path: "/nginx-ready", port: "http" } }, liveness: { tcp: { port: "http" } } },
        writablePaths: ["/tmp"],
      },
    },
    metrics: [{ port: "metrics" }, { port: "nginx-metrics", interval: "15s" }],
    replicas: 2,
    ...extra,
  }) as ServiceInput;

const caller: ServiceInput = { image: image("front"), dependsOn: [{ service: "travel", ports: ["http"] }], replicas: 1 };

function platform(travel: ServiceInput = bigPod(), environment: Record<string, unknown> = {}): TestConfig {
  const config = baseConfig({ travel, front: caller }, { namespaces: { shop: {} }, ...environment });
  delete (config.services as Record<string, unknown>).web;
  return config;
}

const meshed = { mesh: { injection: true, cni: true } };
const gate = (objects: readonly KubeObject[]) =>
  runGate("dev", objects.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.severity === "error");

describe("an internal port", () => {
  const objects = renderInline(platform(bigPod(), meshed), "dev");
  const pod = (findObject(objects, "Deployment", "travel").spec as Json).template.spec;

  it("is declared on its container and probed there", () => {
    expect(pod.containers[0].ports).toContainEqual({ name: "app", containerPort: 9000, protocol: "TCP" });
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: "/ready", port: "app" });
  });

  it("appears in no Service, NetworkPolicy or AuthorizationPolicy", () => {
    expect((findObject(objects, "Service", "travel").spec as Json).ports.map((port: Json) => port.name)).toEqual(["metrics", "http", "nginx-metrics"]);
    const policy = objectNamed(objects, "NetworkPolicy", "travel");
    expect(networkAllowSet(policy, "ingress").some((entry) => entry.includes("9000"))).toBe(false);
    expect(authorizationAllowSet(objectNamed(objects, "AuthorizationPolicy", "travel")).some((entry) => entry.includes("9000"))).toBe(false);
    expect(JSON.stringify(objects.filter((object) => ["Service", "NetworkPolicy", "AuthorizationPolicy"].includes(object.kind)))).not.toMatch(/\b9000\b/);
  });

  it("the caller's dependency opens exactly its named port", () => {
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "travel"), "ingress").filter((entry) => entry.includes("front"))).toEqual([expect.stringContaining("8080")]);
  });

  it("the render passes the gate", () => {
    expect(gate(objects)).toEqual([]);
  });

  it.each([
    ["a caller naming it", { services: { front: { ...caller, dependsOn: [{ service: "travel", ports: ["app"] }] } } }, 'services.front.dependsOn[0].ports[0]: "app" is an internal port of "travel": only its own pod reaches it'],
    ["a metrics endpoint on it", { services: { travel: bigPod({ metrics: { port: "app" } }) } }, 'services.travel.metrics.port: port "app" is internal'],
    ["exposing it", { services: { travel: bigPod({ expose: { host: "travel.example.com", tlsSecret: "travel-tls", port: "app" } }) } }, 'services.travel.expose.port: "app" is internal: only the pod\'s own containers reach it; expose one of: metrics, http, nginx-metrics'],
  ])("%s is an error", (_name, change, message) => {
    const config = platform();
    Object.assign(config.services, change.services);
    expect(specErrors(config).join("\n")).toContain(message);
  });
});

describe("several metrics ports", () => {
  const objects = renderInline(platform(bigPod(), meshed), "dev");

  it("each is a ServiceMonitor endpoint, admitted to Prometheus by the NetworkPolicy and the AuthorizationPolicy", () => {
    expect((findObject(objects, "ServiceMonitor", "travel").spec as Json).endpoints.map((endpoint: Json) => `${endpoint.port}@${endpoint.interval}`)).toEqual(["metrics@30s", "nginx-metrics@15s"]);
    const prometheusIngress = networkAllowSet(objectNamed(objects, "NetworkPolicy", "travel"), "ingress").filter((entry) => entry.includes("prometheus"));
    for (const port of ["9100", "9113"]) expect(prometheusIngress.some((entry) => entry.includes(port)), port).toBe(true);
    const authorized = authorizationAllowSet(objectNamed(objects, "AuthorizationPolicy", "travel")).join("\n");
    expect(authorized).toContain("9100");
    expect(authorized).toContain("9113");
  });

  it("a default dependency calls none of them", () => {
    const config = platform();
    config.services.front = { ...caller, dependsOn: ["travel"] };
    expect(specErrors(config).join("\n")).toContain('"travel" serves nothing but its metrics, internal and extra containers\' ports');
  });

  it("a list names the entry at fault; a port scraped twice is an error", () => {
    const errors = specErrors(platform(bigPod({ metrics: [{ port: "metrics" }, { port: "nope" }, { port: "metrics" }] }))).join("\n");
    expect(errors).toContain('services.travel.metrics[1].port: no port named "nope"');
    expect(errors).toContain('services.travel.metrics[2].port: port "metrics" is scraped twice');
  });
});

describe("autoscaling on one container's usage", () => {
  const scaled = bigPod({ replicas: undefined, autoscaling: { min: 2, max: 10, cpu: 70, container: "nginx" } });

  it("renders ContainerResource metrics for that container, and passes the gate", () => {
    const objects = renderInline(platform(scaled, meshed), "dev");
    expect((findObject(objects, "HorizontalPodAutoscaler", "travel").spec as Json).metrics).toEqual([
      { type: "ContainerResource", containerResource: { name: "cpu", container: "nginx", target: { type: "Utilization", averageUtilization: 70 } } },
    ]);
    expect(gate(objects)).toEqual([]);
  });

  it.each([
    ["an unknown container", { autoscaling: { min: 2, max: 10, cpu: 70, container: "ngnix" } }, {}, 'services.travel.autoscaling.container: "ngnix" is not a container of this pod; its containers: travel, nginx'],
    ["no cpu or memory target", { autoscaling: { min: 2, max: 10, pods: [{ metric: "rps", averageValue: "10" }], container: "nginx" } }, {}, "container scopes the cpu and memory targets, and none is set"],
    ["Kubernetes 1.26", { autoscaling: { min: 2, max: 10, cpu: 70, container: "nginx" } }, { cluster: { kubernetesVersion: "1.26" } }, "ContainerResource metrics need Kubernetes 1.27 or later"],
  ])("%s is an error", (_name, change, environment, message) => {
    expect(specErrors(platform(bigPod({ replicas: undefined, ...change }), environment)).join("\n")).toContain(message);
  });
});
