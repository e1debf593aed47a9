import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadConfig, loadEnvironments, resolveEnvironments, SpecError } from "../../spec/index.js";
import { type EnvironmentSpec, EnvironmentSpecSchema } from "../../spec/schema/environment-spec.js";
import { serving } from "../../spec/workload.js";
import { temporaryDirectory } from "../support/files.js";
import { baseConfig, health, resolveInline, specErrors } from "../support/inline.js";

describe("resolving a spec", () => {
  it("fills every default", () => {
    const [dev] = resolveInline(baseConfig());
    const web = dev!.services.web!;
    expect(dev!.platform.trustDomain).toBe("cluster.local");
    expect(dev!.namespaces.shop!.name).toBe("shop");
    expect(dev!.cluster).toEqual({ name: "in-cluster", customMetricsApi: false, server: "https://kubernetes.default.svc", domain: "cluster.local", kubernetesVersion: "1.28" });
    expect(web.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } });
    expect(web.ports[0]).toEqual({ name: "http", port: 8080, containerPort: 8080, protocol: "http", internal: false });
    expect(web.runAs).toEqual({ user: 65532, group: 65532 });
    expect(web.serviceAccount.automountToken).toBe(false);
    expect(web.probes.readiness).toMatchObject({ periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 });
  });

  it("defaults the memory limit to the memory request", () => {
    const [dev] = resolveInline(baseConfig({ api: { ...apiService(), resources: { requests: { memory: "1Gi" } } } }));
    expect(dev!.services.api!.resources.limits.memory).toBe("1Gi");
  });

  it("applies environment overrides as merge patches: objects merge, null removes", () => {
    const config = baseConfig({ api: { ...apiService(), autoscaling: { min: 2, max: 6, cpu: 70 } } });
    config.environments.prod = {
      namespaces: { shop: {} },
      services: { api: { autoscaling: null, replicas: 4, image: { tag: "2.0.0" } } },
    };
    const [dev, prod] = resolveInline(config);
    expect(serving(dev!.services.api!)?.autoscaling).toMatchObject({ min: 2, max: 6 });
    expect(serving(prod!.services.api!)?.autoscaling).toBeUndefined();
    expect(serving(prod!.services.api!)?.replicas).toBe(4);
    expect(prod!.services.api!.image).toEqual({ repository: "api", tag: "2.0.0" });
  });

  it("parses a service no environment overrides once, to what the whole environment's schema gives", () => {
    const config = baseConfig({ api: { ...apiService(), autoscaling: { min: 2, max: 6, cpu: 70 } } });
    config.environments.prod = { namespaces: { shop: {} }, services: { api: { replicas: 4, autoscaling: null } } };
    const [dev, prod] = resolveInline(config);
    expect(prod!.services.web).toBe(dev!.services.web);
    expect(prod!.services.api).not.toBe(dev!.services.api);
    const whole = (name: string, api: object) => EnvironmentSpecSchema.parse({ name, platform: config.platform, namespaces: { shop: {} }, services: { web: config.services.web, api } });
    const { source: _devSource, manifestObjects: _devManifests, ...devSpec } = dev!;
    const { source: _prodSource, manifestObjects: _prodManifests, ...prodSpec } = prod!;
    expect(devSpec).toEqual(whole("dev", config.services.api!));
    expect(prodSpec).toEqual(whole("prod", { ...apiService(), replicas: 4 }));
  });

  it("reports a problem of a shared service in every environment it is in, and of an invalid service name once", () => {
    const config = baseConfig({ api: { ...apiService(), replicas: -1 }, Bad_Name: { ...apiService() } } as never);
    config.environments.prod = { namespaces: { shop: {} } };
    const errors = specErrors(config);
    expect(errors.filter((error) => error.includes("services.api.replicas"))).toEqual([expect.stringMatching(/\(environment dev, prod\)$/)]);
    expect(errors.filter((error) => error.includes("Bad_Name"))).toHaveLength(1);
  });

  it("blames an overridden value on the environment, a catalog value on the catalog", () => {
    const config = baseConfig({ api: { ...apiService(), autoscaling: { min: 3, max: 10, cpu: 70 } } });
    config.environments.dev = { namespaces: { shop: {} }, services: { api: { autoscaling: { max: 2 } } } };
    expect(specErrors(config)).toContain(
      "  inline.ts: environments.dev.services.api.autoscaling.max: autoscaling.max (2) is below autoscaling.min (3); set max to at least 3 or lower min".trim(),
    );
    const catalogMistake = baseConfig({ api: { ...apiService(), autoscaling: { min: 3, max: 2, cpu: 70 } } });
    expect(specErrors(catalogMistake).join("\n")).toContain("inline.ts: services.api.autoscaling.max: autoscaling.max (2) is below");
  });

  it("blames a problem on the environment when it changed a related field", () => {
    const config = baseConfig({ api: { ...apiService(), resources: { requests: { cpu: "100m" }, limits: { cpu: "200m" } } } });
    config.environments.dev = { namespaces: { shop: {} }, services: { api: { resources: { requests: { cpu: "500m" } } } } };
    expect(specErrors(config).join("\n")).toContain("inline.ts: environments.dev.services.api.resources.limits.cpu: the cpu limit (200m) is below the request (500m)");
  });

  it("reports a catalog problem once, naming every environment it appears in", () => {
    const config = baseConfig({ api: { ...apiService(), autoscaling: { min: 3, max: 2, cpu: 70 } } });
    config.environments.prod = { namespaces: { shop: {} } };
    const errors = specErrors(config);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\(environment dev, prod\)$/);
  });

  it("suggests the field meant by a typo", () => {
    const config = baseConfig({ api: { ...apiService(), replcias: 2 } as never });
    expect(specErrors(config).join("\n")).toContain('services.api.replcias: unknown field "replcias"; did you mean "replicas"?');
  });

  it("collects every problem, not the first", () => {
    const config = baseConfig({
      api: { ...apiService(), image: { repository: "api", tag: "latest" }, ports: [{ name: "http-administration", port: 8080 }] },
    });
    const errors = specErrors(config).join("\n");
    expect(errors).toContain("services.api.image.tag");
    expect(errors).toContain("services.api.ports[0].name");
  });

  it("reads YAML and TypeScript through the same schema, to the same result", async () => {
    const source = await loadConfig("environments");
    const directory = await temporaryDirectory();
    const config = { ...(source.catalog.data as object), environments: Object.fromEntries(source.environments.map(({ name, document }) => [name, document.data])) };
    await writeFile(join(directory, "platform.yaml"), yaml.dump(config));
    const withoutSource = (environments: EnvironmentSpec[]) => environments.map(({ source: _source, ...environment }) => environment);
    expect(withoutSource(await loadEnvironments(join(directory, "platform.yaml")))).toEqual(withoutSource(await loadEnvironments("environments")));
  });

  it("reads a config directory of YAML files, naming each environment after its file", async () => {
    const directory = await temporaryDirectory();
    const { environments, ...catalog } = baseConfig();
    await writeFile(join(directory, "platform.yaml"), yaml.dump(catalog));
    await writeFile(join(directory, "qa.yml"), yaml.dump(environments.dev));
    await writeFile(join(directory, "edge.json"), JSON.stringify({ ...environments.dev, services: { web: { replicas: 5 } } }));
    const resolved = await loadEnvironments(directory);
    expect(resolved.map(({ name }) => name)).toEqual(["edge", "qa"]);
    expect(serving(resolved[0]!.services.web!)?.replicas).toBe(5);
  });

  it("names the environment file in errors of a config directory", async () => {
    const directory = await temporaryDirectory();
    const { environments, ...catalog } = baseConfig();
    await mkdir(directory, { recursive: true });
    await writeFile(join(directory, "platform.yaml"), yaml.dump(catalog));
    await writeFile(join(directory, "prod.yaml"), yaml.dump({ ...environments.dev, services: { web: { replicas: -1 } } }));
    const error = await loadEnvironments(directory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    // Outside the working directory the path is shown absolute.
    expect((error as SpecError).message).toContain(`${join(directory, "prod.yaml")}: services.web.replicas: replicas must be 0 or more`);
  });

  it("rejects overrides of services the catalog does not declare", () => {
    const config = baseConfig();
    config.environments.dev = { namespaces: { shop: {} }, services: { wbe: { replicas: 2 } } };
    expect(specErrors(config).join("\n")).toContain('environments.dev.services.wbe: overrides a service the catalog (inline.ts) does not declare; did you mean "web"?');
  });

  it("sorts environments by name", () => {
    const config = baseConfig();
    config.environments = { zeta: { namespaces: { shop: {} } }, alpha: { namespaces: { shop: {} } } };
    expect(resolveInline(config).map(({ name }) => name)).toEqual(["alpha", "zeta"]);
  });

  it("rejects a catalog without platform or services", () => {
    expect(() => resolveEnvironments({ catalog: { file: "p.yaml", prefix: [], data: { service: {} } }, environments: [] })).toThrow(
      /p\.yaml: service: unknown top-level field; did you mean "services"\?/,
    );
  });
});

describe("cross-field rules", () => {
  const cases: [string, Parameters<typeof baseConfig>[0], string][] = [
    ["replicas beside autoscaling", { api: { ...apiService(), replicas: 2, autoscaling: { min: 1, max: 3, cpu: 50 } } }, "services.api.replicas: replicas is set while autoscaling is on"],
    ["autoscaling without a metric", { api: { ...apiService(), autoscaling: { min: 1, max: 3 } } }, "services.api.autoscaling: autoscaling needs at least one metric"],
    ["unknown dependency", { api: { ...apiService(), dependsOn: ["wbe"] } }, 'services.api.dependsOn[0]: unknown service "wbe"; did you mean "web"?'],
    ["self dependency", { api: { ...apiService(), dependsOn: ["api"] } }, "services.api.dependsOn[0]: a service cannot depend on itself"],
    ["unknown callee port", { api: { ...apiService(), dependsOn: [{ service: "web", ports: ["grpc"] }] } }, 'services.api.dependsOn[0].ports[0]: "web" has no port named "grpc"'],
    ["duplicate port name across containers", { api: { ...apiService(), containers: { side: sidecar({ ports: [{ name: "http", port: 9000 }] }) } } }, 'services.api.containers.side.ports[0].name: duplicate port name "http", already declared at services.api.ports[0]'],
    ["duplicate container port", { api: { ...apiService(), containers: { side: sidecar({ ports: [{ name: "admin", port: 9000, containerPort: 8080 }] }) } } }, "services.api.containers.side.ports[0].containerPort: duplicate container port 8080"],
    ["missing readiness probe", { api: { ...apiService(), probes: { liveness: health.liveness } } }, "services.api.probes.readiness: required: this container serves ports"],
    ["probe on an undeclared port", { api: { ...apiService(), probes: { ...health, liveness: { tcp: { port: "admin" } } } } }, 'services.api.probes.liveness.tcp.port: "admin" is not a port of this container'],
    ["http probe without an http port", { api: { ...apiService(), ports: [{ name: "db", port: 5432, protocol: "tcp" }] } }, "services.api.probes.readiness.http: no http port to probe"],
    ["liveness successThreshold", { api: { ...apiService(), probes: { ...health, liveness: { ...health.liveness, successThreshold: 2 } } } }, "services.api.probes.liveness.successThreshold: must be 1"],
    ["limit below request", { api: { ...apiService(), resources: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } } }, "services.api.resources.limits.memory: the memory limit (512Mi) is below the request (1Gi)"],
    ["PDB that blocks drains", { api: { ...apiService(), replicas: 2, pdb: { minAvailable: 2 } } }, "services.api.pdb.minAvailable: minAvailable (2) leaves no pod evictable"],
    ["PDB with both fields", { api: { ...apiService(), replicas: 2, pdb: { minAvailable: 1, maxUnavailable: 1 } } }, "services.api.pdb.maxUnavailable: set either minAvailable or maxUnavailable, not both"],
    ["VPA bounds inverted", { api: { ...apiService(), vpa: { minAllowed: { cpu: "2" }, maxAllowed: { cpu: "1" } } } }, "services.api.vpa.maxAllowed.cpu: vpa.maxAllowed.cpu (1) is below vpa.minAllowed.cpu (2)"],
    ["metrics port not declared", { api: { ...apiService(), metrics: { port: "metrics" } } }, 'services.api.metrics.port: no port named "metrics" in this pod'],
    ["exposure without an http port", { api: { ...apiService(), ports: [{ name: "grpc", port: 9000, protocol: "grpc" }], probes: { readiness: { grpc: {} }, liveness: { grpc: {} } }, expose: { host: "api.example.com" } } }, "services.api.expose: exposing a service needs an http port"],
    ["extra container named like the service", { api: { ...apiService(), containers: { api: sidecar({}) } } }, 'services.api.containers.api: the main container is already named "api"'],
    ["reserved label", { api: { ...apiService(), podLabels: { "app.kubernetes.io/name": "x" } } }, 'services.api.podLabels["app.kubernetes.io/name"]: app.kubernetes.io/* labels are set by slipway'],
    ["unknown namespace", { api: { ...apiService(), namespace: "payments" } }, 'services.api.namespace: namespace "payments" is not declared in this environment'],
    ["tag unusable as the version label", { api: { ...apiService(), image: { repository: "api", tag: "1.0-" } } }, 'services.api.image.tag: the tag "1.0-" cannot be the app.kubernetes.io/version label'],
    ["instance label over 63 characters", { ["a".repeat(60)]: apiService() }, `services.${"a".repeat(60)}: the instance label "${"a".repeat(60)}-dev" (service-environment) is 64 characters`],
  ];
  it.each(cases)("%s", (_name, services, expected) => {
    expect(specErrors(baseConfig(services)).join("\n")).toContain(expected);
  });

  it("requires a namespace when the environment has several", () => {
    const errors = specErrors(baseConfig({}, { namespaces: { shop: {}, billing: {} } })).join("\n");
    expect(errors).toContain("services.web.namespace: required: this environment has several namespaces (shop, billing)");
  });

  it("rejects enforcing 'restricted' on sidecars injected without the CNI plugin", () => {
    const errors = specErrors(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true }, podSecurity: "restricted" })).join("\n");
    expect(errors).toContain("environments.dev.podSecurity: Istio sidecar injection without the CNI plugin adds an istio-init container that needs NET_ADMIN");
  });

  it("rejects a quota the declared maximum scale does not fit in", () => {
    const errors = specErrors(baseConfig({}, { namespaces: { shop: { quota: { pods: "2", "requests.memory": "1Gi" } } } })).join("\n");
    // web: 2 replicas + 1 surge pod.
    expect(errors).toContain('environments.dev.namespaces.shop.quota.pods: the services in this namespace can need 3 at maximum scale');
    expect(errors).not.toContain("requests.memory");
  });

  it("rejects a limits.cpu quota when a container has no CPU limit", () => {
    const errors = specErrors(baseConfig({}, { namespaces: { shop: { quota: { "limits.cpu": "10" } } } })).join("\n");
    expect(errors).toContain('quota["limits.cpu"]: a limits.cpu quota rejects pods whose containers set no CPU limit');
  });

  it("accepts a limits.cpu quota when the LimitRange supplies a default CPU limit", () => {
    expect(() => resolveInline(baseConfig({}, { namespaces: { shop: { quota: { "limits.cpu": "10" }, limitRange: { default: { cpu: "1" } } } } }))).not.toThrow();
  });
});

function apiService() {
  return { image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: health };
}

function sidecar(overrides: object) {
  return { image: { repository: "side", tag: "1.0.0" }, ...overrides };
}
