// Scaling on metrics that exist: a Pods metric needs the custom metrics API (an adapter) or it never
// arrives; a PromQL query renders a KEDA ScaledObject in place of the HPA, and every rule about HPAs
// (the VPA conflict, disruption budgets, Argo CD's replica ownership, the PromQL lint) follows it.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { hpaManagedDeployments } from "../../constructs/gitops/rendered-output.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { baseConfig, findObject, hasObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;

const QUERY = 'sum(rate(http_requests_total{namespace="${namespace}",service="${service}"}[2m]))';

/** web autoscaled as given, with a metrics port. */
function shop(autoscaling: Json, environment: Json = {}, web: Json = {}): TestConfig {
  const config = baseConfig({}, { namespaces: { shop: {} }, ...environment } as never);
  const service = config.services.web as Json;
  delete service.replicas;
  Object.assign(service, { resources: { requests: { cpu: "100m", memory: "128Mi" } }, autoscaling, ...web });
  return config;
}

/** The gate's findings, but the warning that nothing calls web (this platform has no other service). */
const gate = (objects: readonly KubeObject[]) =>
  runGate("dev", objects.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter(({ rule }) => rule !== "xo/service-unreachable");

describe("an HPA Pods metric", () => {
  it("is refused where the cluster does not serve the custom metrics API (the HPA rendered and stayed at its minimum)", () => {
    expect(specErrors(shop({ min: 2, max: 10, pods: [{ metric: "rps", averageValue: "100" }] }))).toContainEqual(
      expect.stringMatching(
        /services\.web\.autoscaling\.pods\[0\]\.metric: the HPA reads rps from the custom metrics API \(custom\.metrics\.k8s\.io\), which environment "dev" does not declare: without an adapter it never gets the metric and stays at its minimum\. Scale on a PromQL query through KEDA/,
      ),
    );
  });

  it("stays available where prometheus-adapter serves it (cluster.customMetricsApi)", () => {
    const objects = renderInline(shop({ min: 2, max: 10, pods: [{ metric: "rps", averageValue: "100" }] }, { cluster: { customMetricsApi: true } }));
    expect((findObject(objects, "HorizontalPodAutoscaler", "web").spec as Json).metrics).toEqual([{ type: "Pods", pods: { metric: { name: "rps" }, target: { type: "AverageValue", averageValue: "100" } } }]);
  });
});

describe("autoscaling.metrics (KEDA)", () => {
  const behavior = { scaleDown: { stabilizationWindowSeconds: 300 } };

  it("renders a ScaledObject in place of the HPA: min, max, behaviour, cpu and memory triggers, a Prometheus trigger per query", () => {
    const objects = renderInline(shop({ min: 2, max: 20, cpu: 70, memory: 80, container: "web", behavior, metrics: [{ name: "rps", query: QUERY, threshold: 50, activationThreshold: 5 }] }));
    expect(hasObject(objects, "HorizontalPodAutoscaler", "web")).toBe(false);
    expect((findObject(objects, "Deployment", "web").spec as Json).replicas).toBeUndefined();
    expect(findObject(objects, "ScaledObject", "web").spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicaCount: 2,
      maxReplicaCount: 20,
      // Named as slipway's HPA would be, so the workload alerts and the dashboard find KEDA's.
      advanced: { horizontalPodAutoscalerConfig: { name: "web", behavior } },
      triggers: [
        { type: "cpu", metricType: "Utilization", metadata: { value: "70", containerName: "web" } },
        { type: "memory", metricType: "Utilization", metadata: { value: "80", containerName: "web" } },
        {
          type: "prometheus",
          name: "rps",
          metadata: {
            serverAddress: "http://prometheus-operated.monitoring.svc:9090",
            query: 'sum(rate(http_requests_total{namespace="shop",service="web"}[2m]))',
            threshold: "50",
            activationThreshold: "5",
            ignoreNullValues: "false",
          },
        },
      ],
    });
    expect(gate(objects)).toEqual([]);
    const url = renderInline(shop({ min: 1, max: 3, metrics: [{ name: "rps", query: QUERY, threshold: 50 }] }, { prometheus: { url: "https://prometheus.example.com" } }));
    expect((findObject(url, "ScaledObject", "web").spec as Json).triggers[0].metadata.serverAddress).toBe("https://prometheus.example.com");
  });

  it("is a spec error with a Pods metric beside it, two triggers of one name, a query that is not PromQL, or an unknown placeholder", () => {
    expect(specErrors(shop({ min: 1, max: 3, pods: [{ metric: "rps", averageValue: "1" }], metrics: [{ name: "rps", query: QUERY, threshold: 5 }] }))).toContainEqual(
      expect.stringMatching(/services\.web\.autoscaling\.pods: pods and metrics cannot be combined: metrics renders a KEDA ScaledObject, which takes no Pods metrics/),
    );
    expect(specErrors(shop({ min: 1, max: 3, metrics: [{ name: "rps", query: "sum(rate(x[2m])", threshold: 5 }] }))).toContainEqual(
      expect.stringMatching(/services\.web\.autoscaling\.metrics\[0\]\.query: is not valid PromQL \(the grammar stops at its end, character 16\)/),
    );
    expect(specErrors(shop({ min: 1, max: 3, metrics: [{ name: "rps", query: QUERY, threshold: 5 }, { name: "rps", query: QUERY, threshold: 9 }] }))).toContainEqual(
      expect.stringMatching(/services\.web\.autoscaling\.metrics\[1\]\.name: metric "rps" is declared twice: each trigger needs its own name/),
    );
    expect(specErrors(shop({ min: 1, max: 3, metrics: [{ name: "rps", query: "sum(up{pod=\"${pod}\"})", threshold: 5 }] }))).toContainEqual(
      expect.stringMatching(/services\.web\.autoscaling\.metrics\[0\]\.query: unknown placeholder \$\{pod\}; use \$\{service\} or \$\{namespace\}/),
    );
  });

  it("keeps a VPA off cpu and memory while KEDA scales on them", () => {
    const objects = renderInline(shop({ min: 2, max: 8, cpu: 70, metrics: [{ name: "rps", query: QUERY, threshold: 5 }] }, {}, { vpa: { mode: "Auto" } }));
    expect((findObject(objects, "VerticalPodAutoscaler", "web").spec as Json).updatePolicy).toEqual({ updateMode: "Off" });
    // A hand-set VPA in Auto beside the ScaledObject is the conflict the cross-object rule reports.
    const vpa = findObject(objects, "VerticalPodAutoscaler", "web") as Json;
    const fighting = objects.map((object) => (object === vpa ? { ...vpa, spec: { ...vpa.spec, updatePolicy: { updateMode: "Auto" } } } : object)) as KubeObject[];
    expect(gate(fighting).filter(({ rule }) => rule === "xo/vpa-hpa-conflict").map(({ message }) => message)).toEqual([
      "changes cpu of web, which ScaledObject web scales on: the two controllers fight",
    ]);
  });

  it("is the autoscaler the cross-object rules read: replicas set on its target, a disruption budget at its minimum, bounds", () => {
    const objects = renderInline(shop({ min: 2, max: 8, metrics: [{ name: "rps", query: QUERY, threshold: 5 }] }));
    const scaledObject = findObject(objects, "ScaledObject", "web") as Json;
    const deployment = findObject(objects, "Deployment", "web") as Json;
    const pdb = findObject(objects, "PodDisruptionBudget", "web") as Json;
    const edited = objects.map((object): Json => {
      if (object === deployment) return { ...deployment, spec: { ...deployment.spec, replicas: 3 } };
      if (object === scaledObject) return { ...scaledObject, spec: { ...scaledObject.spec, minReplicaCount: 1 } };
      if (object === pdb) return { ...pdb, spec: { selector: pdb.spec.selector, minAvailable: 1 } };
      return object;
    }) as KubeObject[];
    const rules = gate(edited).map(({ rule, message }) => `${rule}: ${message}`);
    expect(rules).toContainEqual("xo/hpa-replicas: Deployment web sets replicas while ScaledObject web scales it");
    expect(rules.some((line) => line.startsWith("xo/pdb-blocks-drain:"))).toBe(true);
    const inverted = objects.map((object) => (object === scaledObject ? { ...scaledObject, spec: { ...scaledObject.spec, minReplicaCount: 9 } } : object)) as KubeObject[];
    expect(gate(inverted).map(({ rule, message }) => `${rule}: ${message}`)).toContainEqual("xo/hpa-bounds: minReplicaCount 9 exceeds maxReplicaCount 8");
  });

  it("leaves the Deployment's replicas to KEDA's HPA in Argo CD (ignoreDifferences)", () => {
    const objects = renderInline(shop({ min: 2, max: 8, metrics: [{ name: "rps", query: QUERY, threshold: 5 }] }));
    expect(hpaManagedDeployments(objects)).toEqual([{ namespace: "shop", name: "web" }]);
  });

  it("puts its queries through the PromQL lint, naming the trigger", () => {
    const objects = renderInline(shop({ min: 2, max: 8, metrics: [{ name: "in-flight", query: 'sum(rate(http_requests_in_flight{namespace="${namespace}"}[2m]))', threshold: 5 }] }));
    expect(gate(objects).map(({ rule, path, message }) => `${rule} ${path}: ${message}`)).toEqual([
      "promql/rate-of-gauge spec.triggers.0.metadata.query: trigger in-flight: rate(http_requests_in_flight[…]) — http_requests_in_flight is not a counter by its name",
    ]);
  });
});
