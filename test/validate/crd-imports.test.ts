// The CloudNativePG and Velero kinds are checked against strict schemas extracted from their
// upstream CRDs (imports/crds/): valid objects pass, unknown fields and wrong types are errors, in
// the gate and in `slipway validate`.
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { crdVersionSchemas } from "../../validate/crd-schemas.js";
import type { KubeObject } from "../../constructs/synth.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";

const cluster = {
  apiVersion: "postgresql.cnpg.io/v1",
  kind: "Cluster",
  metadata: { name: "main", namespace: "data" },
  spec: {
    instances: 3,
    primaryUpdateStrategy: "unsupervised",
    storage: { size: "20Gi", storageClass: "longhorn" },
    bootstrap: { initdb: { database: "app", owner: "app" } },
    backup: { retentionPolicy: "30d", barmanObjectStore: { destinationPath: "s3://backups/main", s3Credentials: { accessKeyId: { name: "backup", key: "id" }, secretAccessKey: { name: "backup", key: "secret" } } } },
  },
};
const scheduledBackup = { apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup", metadata: { name: "main-daily", namespace: "data" }, spec: { schedule: "0 0 2 * * *", cluster: { name: "main" } } };
const pooler = { apiVersion: "postgresql.cnpg.io/v1", kind: "Pooler", metadata: { name: "main-rw", namespace: "data" }, spec: { cluster: { name: "main" }, instances: 2, type: "rw", pgbouncer: { poolMode: "transaction" } } };
const schedule = { apiVersion: "velero.io/v1", kind: "Schedule", metadata: { name: "daily", namespace: "velero" }, spec: { schedule: "0 3 * * *", template: { includedNamespaces: ["data"], ttl: "720h0m0s" } } };

const schemaFindings = (object: object) =>
  runGate("test", [{ object: object as KubeObject }], { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.rule.startsWith("schema/"));

describe("CloudNativePG and Velero schemas", () => {
  it.each([cluster, scheduledBackup, pooler, schedule])("accept a valid $kind", (object) => {
    expect(schemaFindings(object)).toEqual([]);
  });

  it.each([
    ["a misspelt Cluster field", { ...cluster, spec: { ...cluster.spec, storage: { size: "20Gi", storgeClass: "longhorn" } } }, "spec.storage.storgeClass", "schema/unknown-field"],
    ["a Cluster instance count that is not a number", { ...cluster, spec: { ...cluster.spec, instances: "three" } }, "spec.instances", undefined],
    ["a Pooler type that does not exist", { ...pooler, spec: { ...pooler.spec, type: "rwx" } }, "spec.type", undefined],
    ["a Velero Schedule field that does not exist", { ...schedule, spec: { ...schedule.spec, template: { includedNamespace: ["data"] } } }, "spec.template.includedNamespace", "schema/unknown-field"],
    ["an unknown metadata field", { ...schedule, metadata: { ...schedule.metadata, label: { a: "b" } } }, "metadata.label", "schema/unknown-field"],
  ])("refuse %s", (_name, object, path, rule) => {
    const findings = schemaFindings(object);
    expect(findings.map((finding) => finding.path)).toContain(path);
    if (rule !== undefined) expect(findings.find((finding) => finding.path === path)!.rule).toBe(rule);
  });

  it("are current (extracting again gives the committed bytes; run `npm run imports` if not)", () => {
    const schemas = yaml.loadAll(readFileSync("imports/crds/cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml", "utf8")).flatMap(crdVersionSchemas);
    const v1 = schemas.find(({ apiVersion }) => apiVersion === "postgresql.cnpg.io/v1")!;
    expect(v1.kind).toBe("ScheduledBackup");
    expect(readFileSync("imports/schemas/postgresql.cnpg.io/scheduledbackup_v1.json", "utf8")).toBe(`${JSON.stringify(v1.schema)}\n`);
  });
});
