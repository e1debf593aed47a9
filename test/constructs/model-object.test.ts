// PlainApiObject renders its body as given, minus null and undefined, and refuses what is not
// plain data (a token cdk8s would have resolved must be unwrapped first).
import { App, Chart } from "cdk8s";
import { k8s } from "cdk8s-plus-28";
import { describe, expect, it } from "vitest";
import { coreObject, modelObject } from "../../constructs/model-object.js";

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
