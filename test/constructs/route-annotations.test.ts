// Annotations where people need them: the exposed route (Ingress, or Istio's public VirtualService)
// and the client Service; never in a selector, and never over the ones slipway sets.
import { describe, expect, it } from "vitest";
import { baseConfig, findObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const nginx = { "nginx.ingress.kubernetes.io/limit-rps": "20", "nginx.ingress.kubernetes.io/enable-cors": "true", "nginx.ingress.kubernetes.io/proxy-body-size": "10m" };

function platform(controller: "ingress" | "istio", web: Record<string, unknown> = {}): TestConfig {
  const ingress = controller === "ingress" ? { controller, className: "nginx", tls: { issuer: { name: "letsencrypt" } } } : { controller, tls: { issuer: { name: "letsencrypt" } } };
  const mesh = controller === "istio" ? { mesh: { injection: true, cni: true } } : {};
  const config = baseConfig({}, { namespaces: { shop: {} }, ingress, ...mesh } as never);
  (config.services as Json).web = { ...(config.services as Json).web, expose: { host: "shop.example.com", annotations: nginx }, serviceAnnotations: { "service.kubernetes.io/topology-mode": "Auto" }, ...web };
  return config;
}

describe("annotations", () => {
  it("land on the Ingress beside cert-manager's", () => {
    const ingress = findObject(renderInline(platform("ingress"), "dev"), "Ingress", "web");
    expect(ingress.metadata.annotations).toEqual({ ...nginx, "cert-manager.io/cluster-issuer": "letsencrypt" });
  });

  it("land on the public VirtualService under Istio", () => {
    expect(findObject(renderInline(platform("istio"), "dev"), "VirtualService", "web-public").metadata.annotations).toEqual(nginx);
  });

  it("land on the client Service, never in its selector", () => {
    const service = findObject(renderInline(platform("ingress"), "dev"), "Service", "web");
    expect(service.metadata.annotations).toEqual({ "service.kubernetes.io/topology-mode": "Auto" });
    expect(JSON.stringify((service.spec as Json).selector)).not.toContain("topology-mode");
  });

  it("a cert-manager annotation on the route is an error", () => {
    expect(specErrors(platform("ingress", { expose: { host: "shop.example.com", annotations: { "cert-manager.io/cluster-issuer": "other" } } })).join("\n")).toContain(
      'services.web.expose.annotations["cert-manager.io/cluster-issuer"]: cert-manager.io/cluster-issuer is set by slipway',
    );
  });
});
