// Velero backups of an environment: a Schedule of exactly its namespaces, the storage location when
// declared, opt-in file-system backup of persistent volumes only, and clear errors.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { VELERO_BACKUP_VOLUMES_ANNOTATION } from "../../constructs/workload/pod-template.js";
import { recoveryReadme } from "../../render/recovery-readme.js";
import { baseConfig, findObject, renderInline, resolveInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;

function platform(backups: unknown): TestConfig {
  const config = baseConfig(
    { db: { kind: "statefulset", namespace: "data", image: { repository: "postgres", tag: "16.4" }, ports: [{ name: "pg", port: 5432, protocol: "tcp" }], probes: { readiness: { tcp: {} }, liveness: { tcp: {}, periodSeconds: 20 } }, storage: [{ name: "data", mountPath: "/var/lib/postgresql/data", size: "10Gi" }], writablePaths: ["/tmp", "/var/run/postgresql"] } } as never,
    { namespaces: { shop: {}, data: { name: "shop-data" } }, backups } as never,
  );
  (config.services as Json).web.namespace = "shop";
  return config;
}

const byKind = (objects: readonly KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);

describe("backups", () => {
  it("schedule exactly the environment's namespaces, and name only the persistent volumes for file-system backup", () => {
    const objects = renderInline(platform({ schedule: "0 3 * * *" }), "dev");
    expect(findObject(objects, "Schedule", "shop-dev").spec).toEqual({
      schedule: "0 3 * * *",
      template: { includedNamespaces: ["shop", "shop-data"], ttl: "720h", storageLocation: "default", snapshotVolumes: false, defaultVolumesToFsBackup: false },
    });
    expect(byKind(objects, "BackupStorageLocation")).toEqual([]);
    expect((findObject(objects, "StatefulSet", "db").spec as Json).template.metadata.annotations[VELERO_BACKUP_VOLUMES_ANNOTATION]).toBe("data");
    expect((findObject(objects, "Deployment", "web").spec as Json).template.metadata.annotations[VELERO_BACKUP_VOLUMES_ANNOTATION]).toBeUndefined();
  });

  it("with volume snapshots, snapshot the volumes and name none for file-system backup", () => {
    const objects = renderInline(platform({ schedule: "0 3 * * *", volumeSnapshots: true }), "dev");
    expect((findObject(objects, "Schedule", "shop-dev").spec as Json).template.snapshotVolumes).toBe(true);
    expect((findObject(objects, "StatefulSet", "db").spec as Json).template.metadata.annotations[VELERO_BACKUP_VOLUMES_ANNOTATION]).toBeUndefined();
  });

  it("render nothing of Velero without backups", () => {
    expect(renderInline(platform(undefined), "dev").filter((object) => object.apiVersion === "velero.io/v1")).toEqual([]);
  });

  it("an RPO the schedule cannot meet is an error naming the environment; one it meets is written with the restore steps", () => {
    const config = platform({ schedule: "0 3 * * *" });
    (config.environments.dev as Json).recovery = { rpo: "1h" };
    expect(specErrors(config).join("\n")).toContain('recovery.rpo: environment "dev" cannot meet an RPO of 1h: backups.schedule "0 3 * * *" leaves up to 1d between backups');
    (config.environments.dev as Json).backups = undefined;
    expect(specErrors(config).join("\n")).toContain('recovery.rpo: environment "dev" claims an RPO of 1h, but nothing backs namespaces shop, shop-data up: declare backups');
    const met = platform({ schedule: "0 * * * *" });
    (met.environments.dev as Json).recovery = { rpo: "1h", rto: "30m" };
    const [environment] = resolveInline(met);
    const readme = recoveryReadme(environment!);
    expect(readme).toContain("| shop | Velero schedule shop-dev (`0 * * * *`, file-system backup of persistent volumes) | 1h | 720h |");
    expect(readme).toContain("Objectives: RPO 1h (met); RTO 30m (not provable from manifests");
    expect(readme).toContain("velero restore create --from-schedule shop-dev --include-namespaces shop,shop-data --wait");
    expect(recoveryReadme(resolveInline(platform(undefined))[0]!)).toBe("");
  });

  it.each([
    ["a schedule that is not cron", { schedule: "every night" }, 'backups.schedule: "every night" is not a cron schedule'],
    ["a ttl in days", { schedule: "0 3 * * *", ttl: "30d" }, 'backups.ttl: "30d" is not a Velero duration'],
    ["a provider without a bucket", { schedule: "0 3 * * *", storageLocation: { provider: "aws" } }, "backups.storageLocation.bucket: set provider and bucket together"],
  ])("%s is an error", (_name, backups, message) => {
    expect(specErrors(platform(backups)).join("\n")).toContain(message);
  });
});
