// The review slipway diff prints first: each risk flag raised by a real before/after render of a
// spec change, and the per-service cause lines (an image bump is one line however many objects it
// relabels).
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderArgoCd, renderEnvironment } from "../../cli/render.js";
import type { KubeObject } from "../../constructs/synth.js";
import { type EnvironmentReview, reviewEnvironment } from "../../diff/environment-review.js";
import { objectsOf } from "../../diff/object-changes.js";
import type { RiskCategory } from "../../diff/risks/risk-check.js";
import type { ConfigFile } from "../../spec/define.js";
import { type EnvironmentSpec, loadEnvironments } from "../../spec/index.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { temporaryDirectory } from "../support/files.js";
import { baseConfig, resolveInline, type TestConfig } from "../support/inline.js";

const schemas = SchemaCatalog.load();

/** The files slipway would write for the environment (patches and hand-written manifests applied), read back. */
function rendered(environment: EnvironmentSpec): KubeObject[] {
  return objectsOf([...renderEnvironment(environment, schemas).files!.values()]);
}

/** The review of changing a copy of config as change says. */
function review(config: TestConfig, change: (config: TestConfig) => void): EnvironmentReview {
  const after = structuredClone(config);
  change(after);
  return reviewEnvironment(rendered(resolveInline(config as ConfigFile)[0]!), rendered(resolveInline(after as ConfigFile)[0]!));
}

/** A service of the config, whatever its kind, to change in place. */
const service = (config: TestConfig, name: string) => config.services[name] as Record<string, any>;
const flagged = (result: EnvironmentReview, category: RiskCategory) => result.flags.filter((flag) => flag.category === category).map(({ message }) => message);
const meshed = () => baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true, cni: true } } as never);

describe("risk flags", () => {
  it("network and authorization: a new caller opens the callee's NetworkPolicy and AuthorizationPolicy to it", () => {
    const result = review(meshed(), (config) => {
      config.services.api = { ...structuredClone(config.services.web!), image: { repository: "api", tag: "1.0.0" }, dependsOn: ["web"] };
    });
    expect(flagged(result, "network")).toContainEqual(expect.stringMatching(/^NetworkPolicy shop\/web allows ingress from pods \{app\.kubernetes\.io\/instance=api-dev, app\.kubernetes\.io\/name=api\} of its namespace on TCP 8080 \(new\)$/));
    expect(flagged(result, "authorization")).toEqual(["AuthorizationPolicy shop/web allows principal cluster.local/ns/shop/sa/api to ports 8080 (new)"]);
    // A new service's own objects are not deletions, and nothing lowered availability.
    expect(flagged(result, "deletion")).toEqual([]);
    expect(flagged(result, "availability")).toEqual([]);
  });

  it("network: a dependency dropped narrows access and raises nothing", () => {
    const config = meshed();
    config.services.api = { ...structuredClone(config.services.web!), image: { repository: "api", tag: "1.0.0" }, dependsOn: ["web"] };
    const result = review(config, (after) => {
      delete service(after, "api").dependsOn;
    });
    expect(result.flags).toEqual([]);
  });

  it("exposure: a service published on a host", () => {
    const result = review(baseConfig(), (config) => {
      service(config, "web").expose = { host: "shop.example.com", tlsSecret: "shop-tls" };
    });
    expect(flagged(result, "exposure")).toContainEqual(expect.stringMatching(/^Ingress shop\/web exposes shop\.example\.com\/ \(new\)$/));
  });

  it("egress: a new external host", () => {
    const result = review(meshed(), (config) => {
      service(config, "web").external = [{ host: "api.stripe.com", port: 443, protocol: "https" }];
    });
    expect(flagged(result, "egress")).toContain("ServiceEntry shop/api.stripe.com opens egress to api.stripe.com:443 (TLS) (new)");
    expect(flagged(result, "network")).toContain("NetworkPolicy shop/web allows egress to anywhere on TCP 443 (new)");
  });

  it("availability: fewer replicas, a lower autoscaling floor, a PodDisruptionBudget deleted", () => {
    const config = baseConfig({ api: { image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: baseConfig().services.web!.probes, autoscaling: { min: 3, max: 6, cpu: 70 } } });
    service(config, "web").replicas = 3;
    const result = review(config, (after) => {
      service(after, "web").replicas = 1;
      service(after, "api").autoscaling = { min: 2, max: 6, cpu: 70 };
    });
    expect(flagged(result, "availability")).toEqual([
      "Deployment shop/web replicas 3 → 1",
      "HorizontalPodAutoscaler shop/api minReplicas 3 → 2",
      "PodDisruptionBudget shop/web is deleted: a node drain may evict every pod it protected at once",
    ]);
    expect(flagged(result, "deletion")).toEqual(["1 object deleted: PodDisruptionBudget shop/web"]);
  });

  it("deletion: a removed service's objects, one flag naming them", () => {
    const config = baseConfig({ api: { image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: baseConfig().services.web!.probes } });
    const result = review(config, (after) => {
      delete after.services.api;
    });
    expect(flagged(result, "deletion")).toEqual([expect.stringMatching(/^\d+ objects deleted: .*Deployment shop\/api, .*NetworkPolicy shop\/api.*Service shop\/api/)]);
  });

  it("deletion: a namespace removed from the spec is named as left in the cluster, since Argo CD does not prune it", () => {
    const config = baseConfig({}, { namespaces: { shop: {}, ops: {} } });
    service(config, "web").namespace = "shop";
    config.platform.gitops = { repoURL: "https://git.example.com/acme/shop-deploy.git" };
    const result = review(config, (after) => {
      delete after.environments.dev!.namespaces!.ops;
    });
    expect(flagged(result, "deletion")).toContainEqual(expect.stringContaining("Namespace ops (left in the cluster: Prune=false)"));
    expect(flagged(result, "deletion").join("\n")).not.toMatch(/NetworkPolicy ops\/\S+ \(left/);
  });

  it("pod security: a namespace's enforced level, and a pod's host namespaces through a patch", () => {
    const result = review(baseConfig(), (config) => {
      config.environments.dev!.podSecurity = "baseline";
      config.environments.dev!.patches = [{ target: { kind: "Deployment", namespace: "shop", name: "web" }, mergePatch: { spec: { template: { spec: { hostNetwork: true } } } }, reason: "the node's network for a test" }] as never;
    });
    expect(flagged(result, "pod-security")).toEqual(["Namespace shop enforce restricted → baseline", "Deployment shop/web changes pod security fields: hostNetwork"]);
  });

  it("rbac: a hand-written Role granted more, and a RoleBinding given a new subject", async () => {
    const directory = join(await temporaryDirectory(), "config");
    await cp("test/fixtures/extra-manifests", directory, { recursive: true });
    const render = async () => rendered((await loadEnvironments(join(directory, "shop.yaml"))).find(({ name }) => name === "dev")!);
    const before = await render();
    const rbac = join(directory, "manifests/dev/rbac.yaml");
    await writeFile(rbac, (await readFile(rbac, "utf8")).replace("verbs: [get, create, update]", "verbs: [get, create, update, delete]").replace("subjects: [{ kind: ServiceAccount, name: web, namespace: shop-dev }]", "subjects: [{ kind: ServiceAccount, name: web, namespace: shop-dev }, { kind: Group, name: developers }]"));
    const result = reviewEnvironment(before, await render());
    expect(flagged(result, "rbac")).toEqual([
      "Role shop-dev/leader-election is modified, granting get,create,update,delete on leases",
      "RoleBinding shop-dev/web-leader-election is modified, granting Group developers",
    ]);
  });
  it("rbac: an AppProject that lets its Applications deploy a new kind", () => {
    const argocd = (config: TestConfig) => {
      const environments = resolveInline(config as ConfigFile);
      return renderArgoCd(environments.map((spec) => ({ spec, objects: rendered(spec) })), schemas).objects;
    };
    const before = baseConfig();
    before.platform.gitops = { repoURL: "https://git.example.com/acme/shop-deploy.git" };
    const after = structuredClone(before);
    service(after, "web").expose = { host: "shop.example.com", tlsSecret: "shop-tls" };
    expect(flagged(reviewEnvironment(argocd(before), argocd(after)), "rbac")).toEqual(["AppProject argocd/shop-dev allows namespaced kind networking.k8s.io/Ingress (new)"]);
  });
});

describe("changes per service", () => {
  it("an image bump is one line, whatever else carries the version label", () => {
    const result = review(baseConfig(), (config) => {
      service(config, "web").image = { repository: "web", tag: "1.1.0" };
    });
    expect(result.services).toEqual([{ service: "web", lines: [expect.stringMatching(/^image 1\.0\.0 → 1\.1\.0 \(and its version label on \d+ objects\)$/)] }]);
    expect(result.flags).toEqual([]);
  });

  it("shows replicas, autoscaling bounds and resources before → after", () => {
    const config = baseConfig({ api: { image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: baseConfig().services.web!.probes, autoscaling: { min: 2, max: 6, cpu: 70 } } });
    const result = review(config, (after) => {
      service(after, "web").replicas = 4;
      service(after, "web").resources = { requests: { cpu: "300m", memory: "256Mi" }, limits: { memory: "512Mi" } };
      service(after, "api").autoscaling = { min: 2, max: 10, cpu: 70 };
    });
    const lines = Object.fromEntries(result.services.map(({ service, lines }) => [service, lines]));
    expect(lines.api).toContain("autoscaling 2–6 → 2–10 replicas");
    expect(lines.web).toContain("replicas 2 → 4");
    expect(lines.web).toContainEqual(expect.stringMatching(/^resources limits\.memory \S+ → 512Mi, requests\.cpu \S+ → 300m, requests\.memory \S+ → 256Mi$/));
  });
});
