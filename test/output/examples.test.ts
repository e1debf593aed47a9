// The example platforms in examples/ render, validate, build with kustomize, and take the paths
// the default platform does not: no mesh with ingress-nginx, and tenants calling a shared service.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthEnvironment } from "../../constructs/synth.js";
import { loadEnvironments } from "../../spec/index.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { authorizationAllowSet, networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";
import { toolAvailable } from "../support/render.js";

const EXAMPLES = ["examples/property-management.yaml", "examples/multi-tenant"];

async function render(config: string, environment: string) {
  const spec = (await loadEnvironments(config)).find(({ name }) => name === environment)!;
  return synthEnvironment(spec);
}

describe.each(EXAMPLES)("%s", (config) => {
  it("renders valid objects that kubectl kustomize builds", async () => {
    const outdir = await temporaryDirectory();
    expect(await runCli("synth", "--config", config, "--outdir", outdir)).toMatchObject({ code: 0 });
    for (const spec of await loadEnvironments(config)) {
      const objects = synthEnvironment(spec);
      expect(runGate(spec.name, objects.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load(), prometheusSelector: spec.prometheus.selector })).toEqual([]);
      if (toolAvailable("kubectl", ["version", "--client"])) execFileSync("kubectl", ["kustomize", join(outdir, spec.name)], { stdio: "ignore" });
    }
  });
});

describe("the property-management platform (k3s, ingress-nginx, no mesh)", () => {
  it("exposes through Ingresses with cert-manager annotations and renders nothing of Istio", async () => {
    const objects = await render("examples/property-management.yaml", "production");
    expect(objects.filter((object) => object.apiVersion.includes("istio.io"))).toEqual([]);
    const ingress = objectNamed(objects, "Ingress", "api");
    expect(ingress.metadata.annotations).toEqual({ "cert-manager.io/cluster-issuer": "letsencrypt-prod" });
    expect((ingress.spec as any).tls).toEqual([{ hosts: ["api.property.example.com"], secretName: "property-api-tls" }]);
  });

  it("reaches the managed database by CIDR and the mail relay by port", async () => {
    const objects = await render("examples/property-management.yaml", "production");
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "api"), "egress")).toEqual(["ip 10.20.0.0/24 → 5432"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "mailer"), "egress")).toEqual(["any → 587"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "api"), "ingress")).toEqual([
      "property/frontend → 8080",
      "ingress-nginx/app.kubernetes.io/name=ingress-nginx → 8080",
      "monitoring/app.kubernetes.io/name=prometheus → 9100",
    ]);
  });
});

describe("the multi-tenant platform (tenant namespaces, a shared service)", () => {
  it("admits each tenant's portal into the shared namespace by namespace and pod, and by identity", async () => {
    const objects = await render("examples/multi-tenant", "production");
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "listing-search"), "ingress")).toEqual([
      "tenant-acme-homes/portal-acme-homes → 8080",
      "tenant-globex-realty/portal-globex-realty → 8080",
      "monitoring/app.kubernetes.io/name=prometheus → 9090,15090",
    ]);
    expect(authorizationAllowSet(objectNamed(objects, "AuthorizationPolicy", "listing-search"))).toEqual([
      "cluster.local/ns/tenant-acme-homes/sa/portal-acme-homes → 8080",
      "cluster.local/ns/tenant-globex-realty/sa/portal-globex-realty → 8080",
      "cluster.local/ns/monitoring/sa/prometheus → 9090",
    ]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "portal-acme-homes"), "egress")).toContain("shared/listing-search → 8080");
  });

  it("gives each tenant namespace its own quota and baseline policies", async () => {
    const objects = await render("examples/multi-tenant", "production");
    for (const namespace of ["shared", "tenant-acme-homes", "tenant-globex-realty"]) {
      for (const [kind, name] of [["ResourceQuota", namespace], ["NetworkPolicy", "default-deny"], ["PeerAuthentication", "default"], ["AuthorizationPolicy", "allow-nothing"], ["Sidecar", "default"]]) {
        expect(objects.some((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace), `${kind} ${namespace}/${name}`).toBe(true);
      }
    }
    expect((objectNamed(objects, "ResourceQuota", "tenant-acme-homes").spec as any).hard).toEqual({ pods: "20", "requests.cpu": "4", "requests.memory": "8Gi" });
  });
});
