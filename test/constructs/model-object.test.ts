// PlainApiObject renders its body as given, minus null and undefined, and refuses what is not
// plain data (a token cdk8s would have resolved must be unwrapped first).
import { ApiObject, App, Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { describe, expect, it } from "vitest";
import { coreObject, metadataJson, modelObject } from "../../constructs/model-object.js";
import { PlatformChart } from "../../constructs/platform-chart.js";
import { buildGraph } from "../../spec/graph.js";
import { loadEnvironments } from "../../spec/index.js";

const chart = () => new Chart(new App(), "test");

describe("PlainApiObject", () => {
  it("drops null and undefined from mappings at every depth and keeps everything else", () => {
    const object = modelObject(chart(), "x", {
      apiVersion: "example.com/v1",
      kind: "Thing",
      metadata: { name: "x", namespace: "ns" },
      spec: { keep: 0, empty: "", off: false, gone: undefined, none: null, nested: { list: [1, { a: undefined, b: "b" }], deep: { gone: undefined } } },
    } as never);
    // toStrictEqual: a key left with an undefined value fails it.
    expect(object.toJson()).toStrictEqual({
      apiVersion: "example.com/v1",
      kind: "Thing",
      metadata: { name: "x", namespace: "ns" },
      spec: { keep: 0, empty: "", off: false, nested: { list: [1, { b: "b" }], deep: {} } },
    });
  });

  it("renders a core kind from its props, IntOrString and Quantity unwrapped", () => {
    const service = coreObject(chart(), "svc", k8s.KubeService, {
      metadata: { name: "web" },
      spec: { ports: [{ name: "http", port: 80, targetPort: k8s.IntOrString.fromString("http") }] },
    });
    expect(service.toJson()).toMatchObject({ apiVersion: "v1", kind: "Service", spec: { ports: [{ name: "http", port: 80, targetPort: "http" }] } });
  });

  it("refuses a value that is not plain data, naming the construct", () => {
    const object = modelObject(chart(), "bad", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bad" }, data: { when: new Date(0) } } as never);
    expect(() => object.toJson()).toThrow(/test\/bad: cannot render an object of type Date/);
  });

  it("refuses JSON patches: the body is final", () => {
    const object = modelObject(chart(), "p", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "p" } });
    expect(() => object.addJsonPatch()).toThrow(/set the field when creating the object/);
  });
});

const CONFIGS = ["environments", "examples/property-management", "examples/multi-tenant", "examples/travel"];

/** Every ApiObject of the default platform's and the examples' environments. */
async function renderedObjects(): Promise<ApiObject[]> {
  const environments = (await Promise.all(CONFIGS.map(loadEnvironments))).flat();
  return environments.flatMap((environment) => {
    const chart = new PlatformChart(new App(), environment.name, { environment, graph: buildGraph(environment) });
    return chart.node.findAll().filter((node): node is ApiObject => node instanceof ApiObject);
  });
}

describe("coreObject", () => {
  const KINDS = [
    k8s.KubeNamespace,
    k8s.KubeResourceQuota,
    k8s.KubeLimitRange,
    k8s.KubeServiceAccount,
    k8s.KubeService,
    k8s.KubeConfigMap,
    k8s.KubeDeployment,
    k8s.KubeStatefulSet,
    k8s.KubeCronJob,
    k8s.KubePodDisruptionBudget,
    k8s.KubeHorizontalPodAutoscalerV2,
    k8s.KubeNetworkPolicy,
    k8s.KubeIngress,
  ];
  const classOf = new Map(KINDS.map((kind) => [`${kind.GVK.apiVersion}/${kind.GVK.kind}`, kind as { manifest(props: object): Record<string, unknown> }]));

  it("renders what the kind's generated manifest() renders, for every core object of the default platform and the examples", async () => {
    const kinds = new Set<string>();
    for (const object of await renderedObjects()) {
      const kind = classOf.get(`${object.apiVersion}/${object.kind}`);
      // A headless Service is a modelObject: the cdk8s bindings cannot write clusterIP.
      if (kind === undefined || object.node.id === "headless-service") continue;
      // What coreObject was given: the GVK and the props.
      const { apiVersion: _apiVersion, kind: _kind, ...props } = (object as unknown as { props: Record<string, unknown> }).props;
      const { metadata: _expectedMetadata, ...expected } = kind.manifest(props);
      const { metadata: _metadata, ...actual } = object.toJson() as Record<string, unknown>;
      expect(actual, object.node.path).toStrictEqual(JSON.parse(JSON.stringify(expected)));
      kinds.add(object.kind);
    }
    expect([...kinds].sort()).toEqual(["ConfigMap", "CronJob", "Deployment", "HorizontalPodAutoscaler", "Ingress", "LimitRange", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "ResourceQuota", "Service", "ServiceAccount", "StatefulSet"]);
  });
});

describe("metadataJson", () => {
  it("is what cdk8s's metadata.toJson() writes, for every object of the default platform and the examples", async () => {
    const objects = await renderedObjects();
    for (const object of objects) expect(metadataJson(object.metadata, object.node.path), object.node.path).toStrictEqual(object.metadata.toJson());
    expect(objects.length).toBeGreaterThan(300);
  });

  it("drops empty labels, annotations and lists, and keeps what was added after creation", () => {
    const object = modelObject(chart(), "m", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", labels: {}, annotations: { a: "1" } } });
    object.metadata.addAnnotation("b", "2");
    object.metadata.addFinalizers();
    expect(metadataJson(object.metadata, object.node.path)).toStrictEqual({ name: "m", annotations: { a: "1", b: "2" } });
    expect(metadataJson(object.metadata, object.node.path)).toStrictEqual(object.metadata.toJson());
  });
});
