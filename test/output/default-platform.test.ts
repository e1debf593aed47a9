// The default platform (environments/): a fresh render checked for what it must hold, and the
// committed dist/ equal to it.
import { execFileSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { loadEnvironments } from "../../spec/index.js";
import { runGate } from "../../validate/gate.js";
import { serving } from "../../spec/workload.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { authorizationAllowSet, networkAllowSet } from "../support/allow-sets.js";
import { readTree } from "../support/files.js";
import { restrictedViolations } from "../support/pod-security.js";
import { renderConfig, toolAvailable } from "../support/render.js";

type Json = Record<string, any>;
const ENVIRONMENTS = ["dev", "production", "staging"];

let rendered: Map<string, ReadonlyMap<string, string>>;
const committed = new Map<string, Map<string, string>>();
/** The objects of a fresh render (not of the committed dist/: a bug shows here before dist/ is regenerated). */
const objectsOf = (environment: string): KubeObject[] =>
  [...rendered.get(environment)!.entries()].filter(([path]) => path.endsWith(".yaml") && path !== "kustomization.yaml").map(([, content]) => yaml.load(content) as KubeObject);

const SNAPSHOTS_RELATIVE = "__snapshots__";
const SNAPSHOTS = join("test", "output", SNAPSHOTS_RELATIVE);

/**
 * An environment's files by what they belong to: the service named by their app.kubernetes.io/name
 * label, the platform's own objects under the platform's name, and the environment's README and
 * kustomization under _environment. Each is one reviewable snapshot.
 */
function snapshotGroups(files: ReadonlyMap<string, string>): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  for (const [path, content] of files) {
    const name = path.endsWith(".yaml") && path !== "kustomization.yaml" ? ((yaml.load(content) as KubeObject).metadata.labels as Json)["app.kubernetes.io/name"] : undefined;
    const group = typeof name === "string" ? name : "_environment";
    groups.set(group, (groups.get(group) ?? new Map()).set(path, content));
  }
  return groups;
}

beforeAll(async () => {
  rendered = await renderConfig("environments");
  for (const environment of ENVIRONMENTS) committed.set(environment, await readTree(join("dist", environment)));
});

describe("dist/ is the render of environments/", () => {
  it("holds exactly the environments of the config", async () => {
    expect([...rendered.keys()]).toEqual(ENVIRONMENTS);
    expect((await readdir("dist")).sort()).toEqual(ENVIRONMENTS);
  });

  it.each(ENVIRONMENTS)("committed dist/%s equals a fresh render (run `npm run synth` if not)", (environment) => {
    expect(committed.get(environment)).toEqual(rendered.get(environment));
  });

  it.each(ENVIRONMENTS)("%s matches its snapshots, one per service (and one for the platform's own objects)", async (environment) => {
    const groups = snapshotGroups(rendered.get(environment)!);
    const directory = join(SNAPSHOTS, environment);
    const obsolete = (await readdir(directory).catch(() => [])).filter((file) => !groups.has(file.replace(/\.yaml$/, "")));
    expect(obsolete, `obsolete snapshots in ${directory}: delete them`).toEqual([]);
    for (const [group, files] of groups) {
      const document = [...files].map(([path, content]) => `# ${path}\n${content}`).join("---\n");
      await expect(document).toMatchFileSnapshot(join(SNAPSHOTS_RELATIVE, environment, `${group}.yaml`));
    }
  });

  it.each(ENVIRONMENTS)("kubectl kustomize dist/%s succeeds and yields every object", (environment) => {
    if (!toolAvailable("kubectl", ["version", "--client"])) return;
    const output = execFileSync("kubectl", ["kustomize", join("dist", environment)], { encoding: "utf8" });
    const kinds = yaml.loadAll(output).map((object) => (object as KubeObject).kind);
    expect(kinds).toHaveLength(objectsOf(environment).length);
  });
});

describe.each(ENVIRONMENTS)("every object of %s", (environment) => {
  it("passes the whole validation gate: models, strict schemas, policy (restricted) and cross-object rules", () => {
    const located = objectsOf(environment).map((object) => ({ object }));
    expect(runGate(environment, located, { profile: "restricted", schemas: SchemaCatalog.load(), prometheusSelector: { release: "kube-prometheus-stack" } })).toEqual([]);
  });

  it("carries the standard labels", () => {
    for (const object of objectsOf(environment)) {
      expect(Object.keys(object.metadata.labels as Json)).toEqual(
        expect.arrayContaining(["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of", "app.kubernetes.io/version", "app.kubernetes.io/managed-by"]),
      );
    }
  });
});

describe.each(ENVIRONMENTS)("every Deployment of %s", (environment) => {
  const deployments = () => objectsOf(environment).filter((object) => object.kind === "Deployment") as (KubeObject & { spec: Json })[];
  const targeting = (kind: string, name: string) =>
    objectsOf(environment).find((object) => object.kind === kind && (object.spec as Json).scaleTargetRef?.name === name) as (KubeObject & { spec: Json }) | undefined;
  /** The HPA or KEDA ScaledObject that scales the Deployment, with its bounds and its cpu/memory metrics. */
  const autoscalerOf = (name: string) => {
    const hpa = targeting("HorizontalPodAutoscaler", name);
    if (hpa) return { max: hpa.spec.maxReplicas as number, onResources: (hpa.spec.metrics ?? []).some((metric: Json) => metric.type === "Resource") };
    const scaled = targeting("ScaledObject", name);
    return scaled && { max: scaled.spec.maxReplicaCount as number, onResources: scaled.spec.triggers.some((trigger: Json) => trigger.type === "cpu" || trigger.type === "memory") };
  };

  it("exists for every service", () => {
    expect(deployments().map((deployment) => deployment.metadata.name).sort()).toEqual(["analytics-service", "api-gateway", "auth-service", "consciousness-service"]);
  });

  it("passes Pod Security 'restricted'", () => {
    for (const deployment of deployments()) {
      const { spec, metadata } = deployment.spec.template;
      expect(restrictedViolations(spec, metadata.annotations), deployment.metadata.name).toEqual([]);
    }
  });

  it("pins images and sets requests, memory limits, readiness and liveness probes", () => {
    for (const deployment of deployments()) {
      for (const container of deployment.spec.template.spec.containers as Json[]) {
        const where = `${deployment.metadata.name}/${container.name}`;
        expect(container.image, where).toMatch(/(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/);
        expect(container.image, where).not.toMatch(/:latest$/);
        expect(container.resources.requests, where).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(container.resources.limits.memory, where).toEqual(expect.any(String));
        if ((container.ports ?? []).length > 0) {
          expect(container.readinessProbe, where).toBeDefined();
          expect(container.livenessProbe, where).toBeDefined();
        }
      }
    }
  });

  it("has a PDB selecting it when it can run more than one replica", () => {
    for (const deployment of deployments()) {
      const name = deployment.metadata.name;
      const maxReplicas = autoscalerOf(name)?.max ?? deployment.spec.replicas;
      const pdb = objectsOf(environment).find((object) => object.kind === "PodDisruptionBudget" && object.metadata.name === name) as { spec: Json } | undefined;
      if (maxReplicas > 1) {
        expect(pdb, name).toBeDefined();
        expect(pdb!.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      } else {
        expect(pdb, name).toBeUndefined();
      }
    }
  });

  it("has no spec.replicas when an HPA or a ScaledObject targets it", () => {
    const autoscaled = deployments().filter((deployment) => autoscalerOf(deployment.metadata.name) !== undefined);
    expect(autoscaled.map((deployment) => deployment.metadata.name).sort()).toEqual(["api-gateway", "consciousness-service"]);
    for (const deployment of autoscaled) expect(deployment.spec).not.toHaveProperty("replicas");
  });

  it("is not pushed by a VPA while its HPA or ScaledObject scales on cpu or memory", () => {
    for (const deployment of deployments()) {
      const vpa = objectsOf(environment).find((object) => object.kind === "VerticalPodAutoscaler" && (object.spec as Json).targetRef.name === deployment.metadata.name) as { spec: Json } | undefined;
      if (vpa && autoscalerOf(deployment.metadata.name)?.onResources) expect(vpa.spec.updatePolicy.updateMode).toBe("Off");
    }
  });
});

describe("the AI API platform's consciousness-service in production", () => {
  it("autoscales 3–100 through KEDA on cpu 70 %, memory 80 % and the request rate Prometheus scrapes, with VPA bounds 100m/128Mi–2/4Gi", () => {
    const objects = objectsOf("production");
    expect(objects.some((object) => object.kind === "HorizontalPodAutoscaler" && object.metadata.name === "consciousness-service")).toBe(false);
    const scaled = objects.find((object) => object.kind === "ScaledObject" && object.metadata.name === "consciousness-service")!.spec as Json;
    expect(scaled).toMatchObject({ minReplicaCount: 3, maxReplicaCount: 100, advanced: { horizontalPodAutoscalerConfig: { name: "consciousness-service" } } });
    expect(scaled.triggers).toEqual([
      { type: "cpu", metricType: "Utilization", metadata: { value: "70" } },
      { type: "memory", metricType: "Utilization", metadata: { value: "80" } },
      {
        type: "prometheus",
        name: "requests-per-second",
        metadata: {
          serverAddress: "http://prometheus-operated.monitoring.svc:9090",
          query: 'sum(rate(consciousness_requests_total{namespace="ai-api",service="consciousness-service"}[2m]))',
          threshold: "100",
          ignoreNullValues: "false",
        },
      },
    ]);
    const vpa = objects.find((object) => object.kind === "VerticalPodAutoscaler" && object.metadata.name === "consciousness-service")!.spec as Json;
    expect(vpa.resourcePolicy.containerPolicies[0]).toMatchObject({ minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "2", memory: "4Gi" } });
  });
});

describe.each(ENVIRONMENTS)("zero trust in %s", (environment) => {
  const find = (kind: string, name: string, namespace: string) =>
    objectsOf(environment).find((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace) as (KubeObject & { spec: Json }) | undefined;
  const namespaces = () => objectsOf(environment).filter((object) => object.kind === "Namespace").map((object) => object.metadata.name);

  it("every namespace denies by default, allows DNS, enforces STRICT mTLS and allows nothing by default", () => {
    expect(namespaces().length).toBeGreaterThan(0);
    for (const namespace of namespaces()) {
      expect(find("NetworkPolicy", "default-deny", namespace)?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      expect(networkAllowSet(find("NetworkPolicy", "allow-dns", namespace)!, "egress")).toEqual(["kube-system/k8s-app=kube-dns → 53/udp,53"]);
      expect(find("PeerAuthentication", "default", namespace)?.spec).toEqual({ mtls: { mode: "STRICT" } });
      expect(find("AuthorizationPolicy", "allow-nothing", namespace)?.spec).toEqual({});
    }
  });

  it("every workload is selected by its own NetworkPolicy and its own ALLOW AuthorizationPolicy", () => {
    for (const deployment of objectsOf(environment).filter((object) => object.kind === "Deployment") as (KubeObject & { spec: Json })[]) {
      const { name, namespace } = deployment.metadata;
      const selector = deployment.spec.selector.matchLabels;
      expect(find("NetworkPolicy", name, namespace!)?.spec).toMatchObject({ podSelector: { matchLabels: selector }, policyTypes: ["Ingress", "Egress"] });
      expect(find("AuthorizationPolicy", name, namespace!)?.spec).toMatchObject({ action: "ALLOW", selector: { matchLabels: selector } });
    }
  });

  it("each allow rule traces to a declared edge, the exposure or the metrics port", async () => {
    const spec = (await loadEnvironments("environments")).find(({ name }) => name === environment)!;
    for (const [name, service] of Object.entries(spec.services)) {
      const namespace = spec.namespaces[service.namespace ?? Object.keys(spec.namespaces)[0]!]!.name;
      const callers = Object.entries(spec.services).filter(([, caller]) => caller.dependsOn.some((dependency) => dependency.service === name)).map(([caller]) => caller);
      const expectedPrincipals = [
        ...callers.map((caller) => `cluster.local/ns/${namespace}/sa/${caller}`),
        ...(serving(service)?.expose ? ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"] : []),
        ...(service.metrics ? ["cluster.local/ns/monitoring/sa/prometheus"] : []),
      ];
      const principals = authorizationAllowSet(find("AuthorizationPolicy", name, namespace)!).map((line) => line.split(" → ")[0]!);
      expect(principals.sort(), name).toEqual(expectedPrincipals.sort());
      const ingressPeers = networkAllowSet(find("NetworkPolicy", name, namespace)!, "ingress").map((line) => line.split(" → ")[0]!);
      expect(ingressPeers.filter((peer) => !peer.startsWith("istio-system/") && !peer.startsWith("monitoring/")).sort(), name).toEqual(callers.map((caller) => `${namespace}/${caller}`).sort());
      const egressPeers = networkAllowSet(find("NetworkPolicy", name, namespace)!, "egress").map((line) => line.split(" → ")[0]!);
      expect(egressPeers.filter((peer) => peer.startsWith(`${namespace}/`)).sort(), name).toEqual(service.dependsOn.map((dependency) => `${namespace}/${dependency.service}`).sort());
    }
  });

  it("documents the graph in README.md as a Mermaid flowchart", () => {
    const readme = rendered.get(environment)!.get("README.md")!;
    expect(readme).toContain("```mermaid\nflowchart LR");
    expect(readme).toContain('svc_api_gateway -->|"9000"| svc_consciousness_service');
    expect(readme).toContain("| api-gateway | ai-api");
    expect(readme).toContain("| auth-service | ");
  });
});

describe.each(ENVIRONMENTS)("monitoring in %s", (environment) => {
  const matches = (selector: Json, labels: Json) => Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels?.[key] === value);

  it("scrapes every Deployment through a ServiceMonitor or PodMonitor whose selector matches it", () => {
    const objects = objectsOf(environment);
    for (const deployment of objects.filter((object) => object.kind === "Deployment") as (KubeObject & { spec: Json })[]) {
      const { namespace } = deployment.metadata;
      const podLabels = deployment.spec.template.metadata.labels;
      const services = objects.filter((object) => object.kind === "Service" && object.metadata.namespace === namespace && matches({ matchLabels: (object.spec as Json).selector }, podLabels));
      const byService = objects.some(
        (object) =>
          object.kind === "ServiceMonitor" &&
          (object.spec as Json).namespaceSelector.matchNames.includes(namespace) &&
          services.some((service) => matches((object.spec as Json).selector, service.metadata.labels as Json)),
      );
      const byPod = objects.some((object) => object.kind === "PodMonitor" && (object.spec as Json).namespaceSelector.matchNames.includes(namespace) && matches((object.spec as Json).selector, podLabels));
      expect(byService && byPod, deployment.metadata.name).toBe(true);
    }
  });

  it("labels every monitor and rule for the environment's Prometheus", () => {
    const monitoring = objectsOf(environment).filter((object) => ["ServiceMonitor", "PodMonitor", "PrometheusRule"].includes(object.kind));
    expect(monitoring.length).toBeGreaterThan(0);
    for (const object of monitoring) expect(object.metadata.labels, `${object.kind}/${object.metadata.name}`).toMatchObject({ release: "kube-prometheus-stack" });
  });

  it("ships a valid dashboard per service", () => {
    const dashboards = objectsOf(environment).filter((object) => object.kind === "ConfigMap" && (object.metadata.labels as Json)?.grafana_dashboard === "1");
    expect(dashboards.map((object) => object.metadata.name).sort()).toEqual(["analytics-service-dashboard", "api-gateway-dashboard", "auth-service-dashboard", "consciousness-service-dashboard"]);
    for (const object of dashboards) {
      const [json] = Object.values((object as Json).data) as string[];
      const dashboard = JSON.parse(json!);
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
    }
  });
});
