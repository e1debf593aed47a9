import { describe, expect, it } from "vitest";
import { baseConfig, findObject, renderInline } from "../support/inline.js";

type Json = Record<string, any>;
const labelsOf = (objects: ReturnType<typeof renderInline>, name: string) => findObject(objects, "Namespace", name).metadata.labels as Json;

describe("TenantNamespace", () => {
  it("enforces 'restricted' by default", () => {
    const labels = labelsOf(renderInline(baseConfig()), "shop");
    expect(labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.28",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
    expect(labels).not.toHaveProperty("istio-injection");
  });

  it("enforces 'baseline' and warns 'restricted' when sidecars are injected without the CNI plugin", () => {
    const labels = labelsOf(renderInline(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true } })), "shop");
    expect(labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "istio-injection": "enabled",
    });
  });

  it("enforces 'restricted' with the CNI plugin, and labels an Istio revision when given", () => {
    const labels = labelsOf(renderInline(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true, cni: true, revision: "1-24" } })), "shop");
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(labels["istio.io/rev"]).toBe("1-24");
    expect(labels).not.toHaveProperty("istio-injection");
  });

  it("pins the Pod Security version to the cluster's Kubernetes version", () => {
    const labels = labelsOf(renderInline(baseConfig({}, { namespaces: { shop: {} }, cluster: { kubernetesVersion: "1.30" } })), "shop");
    expect(labels["pod-security.kubernetes.io/enforce-version"]).toBe("v1.30");
  });

  it("uses the namespace's own name when it differs from its key", () => {
    const objects = renderInline(baseConfig({}, { namespaces: { shop: { name: "shop-dev" } } }));
    expect(findObject(objects, "Deployment", "web").metadata.namespace).toBe("shop-dev");
    expect(findObject(objects, "ResourceQuota", "shop-dev").metadata.namespace).toBe("shop-dev");
  });

  it("derives a quota from the services at maximum scale, surge and sidecars included", () => {
    // web: 2 replicas + 1 surge = 3 pods of (100m + 100m sidecar) cpu, (128Mi + 128Mi) requests, (128Mi + 1Gi) limits.
    const objects = renderInline(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true, cni: true } }));
    expect((findObject(objects, "ResourceQuota", "shop").spec as Json).hard).toEqual({
      pods: "3",
      "requests.cpu": "600m",
      "requests.memory": "768Mi",
      "limits.memory": "3456Mi",
    });
  });

  it("merges a declared quota into the derived one key by key, or renders it alone with replace", () => {
    const objects = renderInline(baseConfig({}, { namespaces: { shop: { quota: { pods: "50", "requests.cpu": "20" } } } }));
    expect((findObject(objects, "ResourceQuota", "shop").spec as Json).hard).toEqual({ pods: "50", "requests.cpu": "20", "requests.memory": "384Mi", "limits.memory": "384Mi" });
    const replaced = renderInline(baseConfig({}, { namespaces: { shop: { quota: { pods: "50", "requests.cpu": "20", replace: true } } } }));
    expect((findObject(replaced, "ResourceQuota", "shop").spec as Json).hard).toEqual({ pods: "50", "requests.cpu": "20" });
  });

  it("keeps the derived cpu, memory and pods when a namespace declares only a storage quota (it used to drop them)", () => {
    const objects = renderInline(baseConfig({}, { namespaces: { shop: { quota: { "requests.storage": "10Gi" } } } }));
    expect((findObject(objects, "ResourceQuota", "shop").spec as Json).hard).toEqual({ pods: "3", "requests.cpu": "300m", "requests.memory": "384Mi", "limits.memory": "384Mi", "requests.storage": "10Gi" });
  });

  it("renders a LimitRange with defaults for containers that declare nothing", () => {
    const objects = renderInline(baseConfig({}, { namespaces: { shop: { limitRange: { max: { memory: "4Gi" } } } } }));
    expect((findObject(objects, "LimitRange", "shop").spec as Json).limits).toEqual([
      { type: "Container", defaultRequest: { cpu: "100m", memory: "128Mi" }, default: { memory: "512Mi" }, max: { memory: "4Gi" } },
    ]);
  });

  it("pins sidecar resources on meshed pods so the quota holds", () => {
    const objects = renderInline(baseConfig({}, { namespaces: { shop: {} }, mesh: { injection: true, cni: true } }));
    expect((findObject(objects, "Deployment", "web").spec as Json).template.metadata.annotations).toMatchObject({
      "sidecar.istio.io/proxyCPU": "100m",
      "sidecar.istio.io/proxyMemory": "128Mi",
      "sidecar.istio.io/proxyCPULimit": "2000m",
      "sidecar.istio.io/proxyMemoryLimit": "1Gi",
    });
  });
});
