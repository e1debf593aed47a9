// The example platforms in examples/ render, validate, build with kustomize, and take the paths
// the default platform does not: no mesh with ingress-nginx, PostgreSQL on Longhorn with a nightly
// backup, tenants calling a shared service, and big pods fronted by their own nginx.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type KubeObject, synthEnvironment } from "../../constructs/synth.js";
import { applyPatches } from "../../render/apply-patches.js";
import { recoveryReadme } from "../../render/recovery-readme.js";
import { type EnvironmentSpec, loadEnvironments } from "../../spec/index.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { authorizationAllowSet, networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";
import { toolAvailable } from "../support/render.js";

/** Every example: each renders on its own (examples/cdk8s-app's config directory included). */
const EXAMPLES = readdirSync("examples").map((name) => `examples/${name}`).sort();

/** An environment's objects as synth writes them: constructed, then patched. */
async function render(config: string, environment: string) {
  const spec = (await loadEnvironments(config)).find(({ name }) => name === environment)!;
  return applyPatches(withManifests(spec), spec.patches).objects;
}

/** The environment's objects and its extra manifests' objects. */
function withManifests(spec: EnvironmentSpec): KubeObject[] {
  return [...synthEnvironment(spec), ...(spec.manifestObjects ?? []).map(({ object }) => object as KubeObject)];
}

describe.each(EXAMPLES)("%s", (config) => {
  it("renders valid objects that kubectl kustomize builds", async () => {
    const outdir = await temporaryDirectory();
    expect(await runCli("synth", "--config", config, "--outdir", outdir)).toMatchObject({ code: 0 });
    for (const spec of await loadEnvironments(config)) {
      const objects = applyPatches(withManifests(spec), spec.patches).objects;
      expect(runGate(spec.name, objects.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load(), prometheusSelector: spec.prometheus.selector })).toEqual([]);
      if (toolAvailable("kubectl", ["version", "--client"])) execFileSync("kubectl", ["kustomize", join(outdir, spec.name)], { stdio: "ignore" });
    }
  });
});

describe("the property-management platform (k3s, ingress-nginx, no mesh)", () => {
  it("exposes through Ingresses with cert-manager annotations and renders nothing of Istio", async () => {
    const objects = await render("examples/property-management", "production");
    expect(objects.filter((object) => object.apiVersion.includes("istio.io"))).toEqual([]);
    const ingress = objectNamed(objects, "Ingress", "api");
    expect(ingress.metadata.annotations).toEqual({
      "cert-manager.io/cluster-issuer": "letsencrypt-prod",
      "nginx.ingress.kubernetes.io/limit-rps": "20",
      "nginx.ingress.kubernetes.io/enable-cors": "true",
      "nginx.ingress.kubernetes.io/cors-allow-origin": "https://property.example.com",
      "nginx.ingress.kubernetes.io/proxy-body-size": "10m",
    });
    expect((ingress.spec as any).tls).toEqual([{ hosts: ["api.property.example.com"], secretName: "property-api-tls" }]);
  });

  it("opens exactly the database's edges: the API and the backup job in, nothing out; the backup out to object storage", async () => {
    const objects = await render("examples/property-management", "production");
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "postgres"), "ingress")).toEqual(["property/api → 5432", "property/db-backup → 5432"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "postgres"), "egress")).toEqual([]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "db-backup"), "egress")).toEqual(["property/postgres → 5432", "any → 443"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "mailer"), "egress")).toEqual(["any → 587"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "api"), "ingress")).toEqual([
      "property/frontend → 8080",
      "ingress-nginx/app.kubernetes.io/name=ingress-nginx → 8080",
      "monitoring/app.kubernetes.io/name=prometheus → 9100",
    ]);
  });

  it("runs PostgreSQL as a StatefulSet on Longhorn, writable by its own user, probed with pg_isready", async () => {
    const objects = await render("examples/property-management", "production");
    const spec = objectNamed(objects, "StatefulSet", "postgres").spec as any;
    expect(spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "longhorn" });
    expect(spec.serviceName).toBe("postgres-headless");
    expect(spec.template.spec.securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999, fsGroupChangePolicy: "OnRootMismatch" });
    expect(spec.template.spec.containers[0].readinessProbe.exec.command[0]).toBe("pg_isready");
    const staging = await render("examples/property-management", "staging");
    expect((objectNamed(staging, "StatefulSet", "postgres").spec as any).volumeClaimTemplates[0].spec.resources.requests.storage).toBe("5Gi");
  });

  it("backs up nightly with credentials from Vault, never in the output, suspended in staging", async () => {
    const objects = await render("examples/property-management", "production");
    expect(objectNamed(objects, "CronJob", "db-backup").spec).toMatchObject({ schedule: "15 3 * * *", timeZone: "Europe/Berlin", concurrencyPolicy: "Forbid", suspend: false });
    const externalSecret = objectNamed(objects, "ExternalSecret", "db-backup").spec as any;
    expect(externalSecret.data.map((entry: any) => `${entry.secretKey}=${entry.remoteRef.key}#${entry.remoteRef.property}`)).toEqual([
      "postgres-password=property/postgres#password",
      "s3-access-key-id=property/backup-bucket#access-key-id",
      "s3-secret-access-key=property/backup-bucket#secret-access-key",
    ]);
    expect(objects.filter((object) => object.kind === "Secret")).toEqual([]);
    expect((objectNamed(await render("examples/property-management", "staging"), "CronJob", "db-backup").spec as any).suspend).toBe(true);
    expect((objectNamed(objects, "ResourceQuota", "property").spec as any).hard).toMatchObject({ persistentvolumeclaims: "4", "requests.storage": "100Gi" });
  });

  it("patches the API's minReadySeconds and the frontend's session affinity in production only", async () => {
    const production = await render("examples/property-management", "production");
    expect((objectNamed(production, "Deployment", "api").spec as any).minReadySeconds).toBe(10);
    expect((objectNamed(production, "Service", "frontend").spec as any).sessionAffinity).toBe("ClientIP");
    const staging = await render("examples/property-management", "staging");
    expect((objectNamed(staging, "Deployment", "api").spec as any).minReadySeconds).toBeUndefined();
  });

  it("backs the namespace up nightly with Velero, PostgreSQL's volume by file-system backup, and alerts on stale backups", async () => {
    const objects = await render("examples/property-management", "production");
    expect(objectNamed(objects, "Schedule", "property-management-production", "velero").spec).toEqual({
      schedule: "0 3 * * *",
      template: { includedNamespaces: ["property"], ttl: "2160h", storageLocation: "default", snapshotVolumes: false, defaultVolumesToFsBackup: false },
    });
    expect((objectNamed(objects, "BackupStorageLocation", "default", "velero").spec as any).credential).toEqual({ name: "velero-wasabi", key: "cloud" });
    expect((objectNamed(objects, "StatefulSet", "postgres").spec as any).template.metadata.annotations["backup.velero.io/backup-volumes"]).toBe("data");
    const alerts = (objectNamed(objects, "PrometheusRule", "property-management-production-backups", "velero").spec as any).groups[0].rules.map((rule: any) => `${rule.alert}: ${rule.expr}`);
    expect(alerts).toEqual([
      'VeleroBackupFailed: increase(velero_backup_failure_total{schedule="property-management-production"}[86400s]) > 0',
      'VeleroBackupTooOld: time() - velero_backup_last_successful_timestamp{schedule="property-management-production"} > 172800',
    ]);
    const staging = await render("examples/property-management", "staging");
    expect(staging.some((object) => object.apiVersion === "velero.io/v1")).toBe(false);
    const production = (await loadEnvironments("examples/property-management")).find(({ name }) => name === "production")!;
    expect(recoveryReadme(production)).toContain("Objectives: RPO 24h (met); RTO 4h");
  });

  it("reads the mailer's SMTP password from the Secret Sealed Secrets unseals, rendering no ExternalSecret for it", async () => {
    const objects = await render("examples/property-management", "production");
    // The SealedSecret and the ClusterIssuer come in as extra manifests, through the same gate.
    expect((objectNamed(objects, "SealedSecret", "mailgun-smtp").spec as any).template.metadata.name).toBe("mailgun-smtp");
    expect(objects.some((object) => object.kind === "ClusterIssuer" && object.metadata.name === "letsencrypt-prod")).toBe(true);
    const container = (objectNamed(objects, "Deployment", "mailer").spec as any).template.spec.containers[0];
    expect(container.env).toContainEqual({ name: "SMTP_PASSWORD", valueFrom: { secretKeyRef: { name: "mailgun-smtp", key: "smtp-auth" } } });
    expect(objects.some((object) => object.kind === "ExternalSecret" && object.metadata.name === "mailer")).toBe(false);
  });
});

describe("the travel platform (big pods behind their own nginx)", () => {
  it("carries nginx.conf from the config directory, mounted on its own path, rolled out by checksum", async () => {
    const objects = await render("examples/travel", "production");
    const configMap = objectNamed(objects, "ConfigMap", "booking-files");
    expect((configMap as any).data["nginx.etc_nginx_nginx.conf"]).toBe(readFileSync("examples/travel/nginx/nginx.conf", "utf8"));
    const template = (objectNamed(objects, "Deployment", "booking").spec as any).template;
    const nginx = template.spec.containers.find((container: any) => container.name === "nginx");
    expect(nginx.volumeMounts).toContainEqual({ name: "config-files", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.etc_nginx_nginx.conf", readOnly: true });
    expect(template.metadata.annotations["checksum/config-files"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("serves only nginx's port; the inner containers' ports stay in the pod", async () => {
    const objects = await render("examples/travel", "production");
    expect((objectNamed(objects, "Service", "booking").spec as any).ports.map((port: any) => port.name)).toEqual(["metrics", "http", "nginx-metrics"]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "booking"), "ingress")).toEqual([
      "istio-system/istio=ingressgateway → 8080",
      "monitoring/app.kubernetes.io/name=prometheus → 9100,9113,15090",
    ]);
    expect(authorizationAllowSet(objectNamed(objects, "AuthorizationPolicy", "booking"))).toEqual([
      "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account → 8080",
      "cluster.local/ns/monitoring/sa/prometheus → 9100,9113",
    ]);
    expect((objectNamed(objects, "ServiceMonitor", "booking").spec as any).endpoints.map((endpoint: any) => endpoint.port)).toEqual(["metrics", "nginx-metrics"]);
  });

  it("sends traces to the cluster's OpenTelemetry collector: egress to exactly its pods and OTLP port, its host in the Sidecar", async () => {
    const objects = await render("examples/travel", "production");
    const collector = "observability/opentelemetry-collector → 4317";
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "booking"), "egress")).toContain(collector);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "payments"), "egress")).toContain(collector);
    expect((objectNamed(objects, "Sidecar", "default").spec as any).egress[0].hosts).toContain("observability/otel-collector-opentelemetry-collector.observability.svc.cluster.local");
    expect(objects.some((object) => object.kind === "ServiceEntry" && JSON.stringify(object).includes("svc.cluster.local"))).toBe(false);
  });

  it("scales production on the API container's CPU alone, and runs the mesh proxy before the init containers", async () => {
    const objects = await render("examples/travel", "production");
    expect((objectNamed(objects, "HorizontalPodAutoscaler", "booking").spec as any).metrics).toEqual([
      { type: "ContainerResource", containerResource: { name: "cpu", container: "booking", target: { type: "Utilization", averageUtilization: 70 } } },
    ]);
    expect((objectNamed(objects, "Deployment", "payments").spec as any).template.metadata.annotations["sidecar.istio.io/nativeSidecar"]).toBe("true");
    const dev = await render("examples/travel", "dev");
    expect((objectNamed(dev, "Deployment", "booking").spec as any).replicas).toBe(1);
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

  it("shares one PostgreSQL cluster in `shared` through a pooler: exactly the tenants' portals and the search reach it", async () => {
    const objects = await render("examples/multi-tenant", "production");
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "listings"), "ingress")).toEqual([
      "shared/listing-search → 5432",
      "tenant-acme-homes/portal-acme-homes → 5432",
      "tenant-globex-realty/portal-globex-realty → 5432",
      "shared/cnpg.io/cluster=listings → 5432",
      "shared/cnpg.io/poolerName=listings-pooler-rw → 5432",
      "cnpg-system/app.kubernetes.io/name=cloudnative-pg → 8000",
      "monitoring/app.kubernetes.io/name=prometheus → 9187",
    ]);
    expect(networkAllowSet(objectNamed(objects, "NetworkPolicy", "portal-acme-homes"), "egress")).toContain("shared/cnpg.io/poolerName=listings-pooler-rw → 5432");
    expect((objectNamed(objects, "Cluster", "listings").spec as any).backup.barmanObjectStore.destinationPath).toBe("s3://real-estate-pg/listings");
    const production = (await loadEnvironments("examples/multi-tenant")).find(({ name }) => name === "production")!;
    const readme = recoveryReadme(production);
    expect(readme).toContain("| listings (shared) | WAL archiving and base backups to s3://real-estate-pg/listings (`0 1 * * *`, kept 30d) | 5m (archive_timeout) |");
    expect(readme).toContain("Objectives: RPO 24h (met)");
  });

  it("gives each tenant namespace its own quota and baseline policies", async () => {
    const objects = await render("examples/multi-tenant", "production");
    for (const namespace of ["shared", "tenant-acme-homes", "tenant-globex-realty"]) {
      for (const [kind, name] of [["ResourceQuota", namespace], ["NetworkPolicy", "default-deny"], ["PeerAuthentication", "default"], ["AuthorizationPolicy", "allow-nothing"], ["Sidecar", "default"]]) {
        expect(objects.some((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace), `${kind} ${namespace}/${name}`).toBe(true);
      }
    }
    // The tenant's declared budget, with the derived limits.memory it does not declare merged in.
    expect((objectNamed(objects, "ResourceQuota", "tenant-acme-homes").spec as any).hard).toEqual({ pods: "20", "requests.cpu": "4", "requests.memory": "8Gi", "limits.memory": "3840Mi" });
  });
});
