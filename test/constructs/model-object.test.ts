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

  it("renders a core kind through its manifest(), IntOrString and Quantity unwrapped", () => {
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

describe("metadataJson", () => {
  it("is what cdk8s's metadata.toJson() writes, for every object of the default platform and the examples", async () => {
    const configs = ["environments", "examples/property-management.yaml", "examples/multi-tenant"];
    const environments = (await Promise.all(configs.map(loadEnvironments))).flat();
    let compared = 0;
    for (const environment of environments) {
      const chart = new PlatformChart(new App(), environment.name, { environment, graph: buildGraph(environment) });
      for (const object of chart.node.findAll().filter((node): node is ApiObject => node instanceof ApiObject)) {
        expect(metadataJson(object.metadata, object.node.path), object.node.path).toStrictEqual(object.metadata.toJson());
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("drops empty labels, annotations and lists, and keeps what was added after creation", () => {
    const object = modelObject(chart(), "m", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m", labels: {}, annotations: { a: "1" } } });
    object.metadata.addAnnotation("b", "2");
    object.metadata.addFinalizers();
    expect(metadataJson(object.metadata, object.node.path)).toStrictEqual({ name: "m", annotations: { a: "1", b: "2" } });
    expect(metadataJson(object.metadata, object.node.path)).toStrictEqual(object.metadata.toJson());
  });
});
