// Databases through CloudNativePG: the Cluster and its backups as declared, credentials by
// reference only, quotas that hold the instances, and a network that admits exactly the callers.
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const FIXTURE = "test/fixtures/valid/databases.yaml";
const config = (change: (config: Json) => void = () => {}): TestConfig => {
  const loaded = yaml.load(readFileSync(FIXTURE, "utf8")) as Json;
  change(loaded);
  return loaded as TestConfig;
};
const spec = (objects: readonly KubeObject[], kind: string, name: string) => objectNamed(objects, kind, name).spec as Json;

describe("a database", () => {
  const prod = renderInline(config(), "prod");
  const dev = renderInline(config(), "dev");

  it("is a CloudNativePG Cluster as declared, one instance in dev, its pods labelled for policies and kept out of the mesh", () => {
    expect(spec(prod, "Cluster", "main")).toMatchObject({
      instances: 3,
      imageName: "ghcr.io/cloudnative-pg/postgresql:16.4",
      storage: { size: "20Gi", storageClass: "longhorn" },
      postgresql: { parameters: { max_connections: "200" } },
      bootstrap: { initdb: { database: "app", owner: "app" } },
      inheritedMetadata: { labels: { "app.kubernetes.io/name": "main", "app.kubernetes.io/instance": "main-prod", "sidecar.istio.io/inject": "false" } },
    });
    expect(spec(dev, "Cluster", "main").instances).toBe(1);
    expect(spec(dev, "Cluster", "main").inheritedMetadata.labels).not.toHaveProperty("sidecar.istio.io/inject");
  });

  it("archives WAL and takes scheduled base backups, its credentials by Secret reference from an ExternalSecret, never values", () => {
    expect(spec(prod, "Cluster", "main").backup).toEqual({
      retentionPolicy: "30d",
      barmanObjectStore: {
        destinationPath: "s3://shop-backups/main",
        endpointURL: "https://s3.example.com",
        s3Credentials: { accessKeyId: { name: "main-backup-credentials", key: "ACCESS_KEY_ID" }, secretAccessKey: { name: "main-backup-credentials", key: "ACCESS_SECRET_KEY" } },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
    });
    expect(spec(prod, "ScheduledBackup", "main-base")).toEqual({ schedule: "0 0 2 * * *", cluster: { name: "main" }, backupOwnerReference: "self", immediate: true });
    expect(spec(prod, "ExternalSecret", "main-backup-credentials").data).toEqual([
      { secretKey: "ACCESS_KEY_ID", remoteRef: { key: "shop/backup-bucket", property: "access-key-id" } },
      { secretKey: "ACCESS_SECRET_KEY", remoteRef: { key: "shop/backup-bucket", property: "secret-access-key" } },
    ]);
    expect(prod.filter((object) => object.kind === "Secret")).toEqual([]);
    const existing = renderInline(config((c) => (c.databases.main.backup.credentials = { existingSecret: "main-s3" })), "prod");
    expect(spec(existing, "Cluster", "main").backup.barmanObjectStore.s3Credentials.accessKeyId).toEqual({ name: "main-s3", key: "ACCESS_KEY_ID" });
    expect(existing.some((object) => object.kind === "ExternalSecret" && object.metadata.name === "main-backup-credentials")).toBe(false);
  });

  it("admits exactly its callers, its own instances, its pooler, the operator and Prometheus; reaches its instances, the API server and object storage", () => {
    expect(networkAllowSet(objectNamed(dev, "NetworkPolicy", "main"), "ingress")).toEqual([
      "shop-dev/api → 5432",
      "shop-dev/report → 5432",
      "shop-dev/cnpg.io/cluster=main → 5432",
      "shop-dev/cnpg.io/poolerName=main-pooler-rw → 5432",
      "cnpg-system/app.kubernetes.io/name=cloudnative-pg → 8000",
      "monitoring/app.kubernetes.io/name=prometheus → 9187",
    ]);
    expect(networkAllowSet(objectNamed(dev, "NetworkPolicy", "main"), "egress")).toEqual(["shop-dev/cnpg.io/cluster=main → 5432", "ip 10.43.0.1/32 → 443,6443", "ip 192.168.10.0/24 → 443,6443", "any → 443"]);
    expect(networkAllowSet(objectNamed(dev, "NetworkPolicy", "api"), "egress")).toContain("shop-dev/cnpg.io/cluster=main,cnpg.io/podRole=instance → 5432");
  });

  it("removing a caller's dependency removes exactly its rules: its egress to the instances and the pooler, their ingress from it", () => {
    const without = renderInline(config((c) => (c.services.report.dependsOn = [])), "dev");
    const before = networkAllowSet(objectNamed(dev, "NetworkPolicy", "main"), "ingress");
    expect(before.filter((rule) => !networkAllowSet(objectNamed(without, "NetworkPolicy", "main"), "ingress").includes(rule))).toEqual(["shop-dev/report → 5432"]);
    const reportBefore = networkAllowSet(objectNamed(dev, "NetworkPolicy", "report"), "egress");
    expect(reportBefore.filter((rule) => !networkAllowSet(objectNamed(without, "NetworkPolicy", "report"), "egress").includes(rule))).toEqual([
      "shop-dev/cnpg.io/cluster=main,cnpg.io/podRole=instance → 5432",
      "shop-dev/cnpg.io/poolerName=main-pooler-rw → 5432",
    ]);
    const poolerBefore = networkAllowSet(objectNamed(dev, "NetworkPolicy", "main-pooler-rw"), "ingress");
    expect(poolerBefore.filter((rule) => !networkAllowSet(objectNamed(without, "NetworkPolicy", "main-pooler-rw"), "ingress").includes(rule))).toEqual(["shop-dev/report → 5432"]);
  });

  it("is reached by meshed callers through its -rw, -ro and -r hosts in the Sidecar, no AuthorizationPolicy selects its sidecar-less pods, and the whole render passes the gate", () => {
    const selectsDatabase = prod.filter((object) => object.kind === "AuthorizationPolicy" && JSON.stringify((object.spec as Json).selector ?? {}).includes("main"));
    expect(selectsDatabase).toEqual([]);
    expect(spec(prod, "Sidecar", "default").egress[0].hosts).toEqual(expect.arrayContaining(["shop/main-rw.shop.svc.cluster.local", "shop/main-ro.shop.svc.cluster.local", "shop/main-r.shop.svc.cluster.local"]));
    const errors = runGate("prod", prod.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.severity === "error");
    expect(errors).toEqual([]);
  });

  it("counts in the namespace's quota: its instances and a job beside them, their resources and claims", () => {
    expect(spec(prod, "ResourceQuota", "shop").hard).toMatchObject({ persistentvolumeclaims: "3", "requests.storage": "60Gi" });
    const withoutDatabase = renderInline(config((c) => { delete c.databases; delete c.environments.dev.databases; c.services.api.dependsOn = []; c.services.report.dependsOn = []; }), "prod");
    // Three instances, a job beside them, two PgBouncer pods.
    expect(Number(spec(prod, "ResourceQuota", "shop").hard.pods) - Number(spec(withoutDatabase, "ResourceQuota", "shop").hard.pods)).toBe(6);
  });

  it("has a PgBouncer pooler that admits exactly the database's callers and Prometheus, and reaches only the instances and the API server", () => {
    expect(spec(dev, "Pooler", "main-pooler-rw")).toMatchObject({ cluster: { name: "main" }, instances: 2, type: "rw", pgbouncer: { poolMode: "transaction", parameters: { max_client_conn: "1000" } } });
    expect(networkAllowSet(objectNamed(dev, "NetworkPolicy", "main-pooler-rw"), "ingress")).toEqual(["shop-dev/api → 5432", "shop-dev/report → 5432", "monitoring/app.kubernetes.io/name=prometheus → 9127"]);
    expect(networkAllowSet(objectNamed(dev, "NetworkPolicy", "main-pooler-rw"), "egress")).toEqual(["shop-dev/cnpg.io/cluster=main,cnpg.io/podRole=instance → 5432", "ip 10.43.0.1/32 → 443,6443", "ip 192.168.10.0/24 → 443,6443"]);
    expect(spec(prod, "Sidecar", "default").egress[0].hosts).toContain("shop/main-pooler-rw.shop.svc.cluster.local");
  });

  it("restores from another database's backups to a point in time by a spec change: a new database with restore", () => {
    const restored = renderInline(config((c) => (c.databases["main-restore"] = { storage: { size: "20Gi" }, restore: { from: "main", targetTime: "2026-11-30T08:00:00Z" } })), "prod");
    expect(spec(restored, "Cluster", "main-restore")).toMatchObject({
      bootstrap: { recovery: { source: "main", database: "app", owner: "app", recoveryTarget: { targetTime: "2026-11-30T08:00:00Z" } } },
      externalClusters: [{ name: "main", barmanObjectStore: expect.objectContaining({ destinationPath: "s3://shop-backups/main", endpointURL: "https://s3.example.com" }) }],
    });
    expect(spec(restored, "Cluster", "main-restore").bootstrap).not.toHaveProperty("initdb");
    const errors = runGate("prod", restored.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.severity === "error");
    expect(errors).toEqual([]);
  });

  it.each([
    ["a restore from a database without backup", (c: Json) => { c.databases.other = { storage: { size: "1Gi" } }; c.databases.copy = { storage: { size: "1Gi" }, restore: { from: "other" } }; }, 'databases.copy.restore.from: database "other" has no backup to restore from'],
    ["a restore archiving into its source's destination", (c: Json) => (c.databases.copy = { storage: { size: "1Gi" }, restore: { from: "main" }, backup: c.databases.main.backup }), "databases.copy.backup.destination: s3://shop-backups/main holds \"main\"'s backups"],
    ["an RPO with a database that is not backed up", (c: Json) => { delete c.databases.main.backup; c.environments.dev.recovery = { rpo: "24h" }; c.environments.dev.backups = { schedule: "0 3 * * *" }; }, 'recovery.rpo: environment "dev" claims an RPO of 24h, but nothing backs database main (shop-dev) up: declare its backup'],
    ["a misspelt database in dependsOn", (c: Json) => (c.services.api.dependsOn = ["mian"]), 'services.api.dependsOn[0]: unknown service "mian"; did you mean "main"?'],
    ["a database named like a service", (c: Json) => (c.databases.api = c.databases.main), 'databases.api: "api" is also a service of the catalog'],
    ["store credentials without a store", (c: Json) => delete c.environments.dev.secretStores, "databases.main.backup.credentials: the credentials come from the secret store, and the environment declares no secretStores"],
    ["an override of an undeclared database", (c: Json) => (c.environments.dev.databases = { mian: { instances: 1 } }), 'environments.dev.databases.mian: overrides a database the catalog'],
    ["a backup destination that is not object storage", (c: Json) => (c.databases.main.backup.destination = "/var/backups"), 'databases.main.backup.destination: use an object-storage URL'],
  ])("%s is an error", (_name, change, message) => {
    expect(specErrors(config(change)).join("\n")).toContain(message);
  });
});
