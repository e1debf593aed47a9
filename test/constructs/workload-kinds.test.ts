// StatefulSets, Jobs and CronJobs: what each kind renders, and that a job takes its place in the
// service graph exactly as a service does.
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { NATIVE_SIDECAR_ANNOTATION } from "../../constructs/workload/pod-template.js";
import type { ServiceInput } from "../../spec/schema/service.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { authorizationAllowSet, networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { baseConfig, findObject, hasObject, health, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;
const image = (repository: string) => ({ repository, tag: "1.0.0" });

const db: ServiceInput = {
  kind: "statefulset",
  image: image("postgres"),
  ports: [{ name: "pg", port: 5432, protocol: "tcp" }],
  probes: { readiness: { tcp: {} }, liveness: { tcp: { port: "pg" }, periodSeconds: 20 } },
  storage: [{ name: "data", mountPath: "/var/lib/postgresql/data", size: "10Gi", storageClass: "longhorn" }],
  writablePaths: ["/var/run/postgresql"],
};
const backup: ServiceInput = { kind: "cronjob", image: image("backup"), schedule: "30 2 * * *", dependsOn: ["db"], writablePaths: ["/tmp"] };
const migrate: ServiceInput = { kind: "job", hook: "PreSync", image: image("migrate"), dependsOn: [{ service: "db", ports: ["pg"] }] };

function platform(change: (config: TestConfig) => void = () => {}): TestConfig {
  const config = baseConfig({ db, backup, migrate }, { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } });
  config.environments.prod = { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" }, cluster: { kubernetesVersion: "1.29" }, mesh: { injection: true, cni: true } };
  change(config);
  return config;
}

const gate = (environment: string, objects: readonly KubeObject[]) =>
  runGate(environment, objects.map((object) => ({ object })), { profile: "restricted", schemas: SchemaCatalog.load() }).filter((finding) => finding.severity === "error");

describe("a StatefulSet", () => {
  const objects = renderInline(platform(), "dev");
  const statefulSet = findObject(objects, "StatefulSet", "db");

  it("gets a claim template per volume, mounted in its main container, writable by its group", () => {
    expect(spec(statefulSet).volumeClaimTemplates).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: "data" }), spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, storageClassName: "longhorn" } }),
    ]);
    const pod = spec(statefulSet).template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/postgresql/data" });
    expect(pod.securityContext).toMatchObject({ fsGroup: 65532, fsGroupChangePolicy: "OnRootMismatch" });
    expect(pod.volumes.map((volume: Json) => volume.name)).not.toContain("data");
  });

  it("is governed by a headless Service selecting its pods, beside the Service its clients use", () => {
    expect(spec(statefulSet)).toMatchObject({ serviceName: "db-headless", podManagementPolicy: "OrderedReady", updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } } });
    expect(spec(findObject(objects, "Service", "db-headless"))).toMatchObject({ clusterIP: "None", selector: spec(statefulSet).selector.matchLabels, publishNotReadyAddresses: false });
    expect(spec(findObject(objects, "Service", "db"))).toMatchObject({ type: "ClusterIP", ports: [expect.objectContaining({ port: 5432 })] });
  });

  it("keeps its claim templates when an environment scales it, and the quota counts a claim per replica", () => {
    const scaled = renderInline(platform((config) => Object.assign(config.environments.dev!, { services: { db: { replicas: 3 } } })), "dev");
    expect(spec(findObject(scaled, "StatefulSet", "db"))).toMatchObject({ replicas: 3, volumeClaimTemplates: spec(statefulSet).volumeClaimTemplates });
    expect(spec(findObject(scaled, "ResourceQuota", "shop")).hard).toMatchObject({ persistentvolumeclaims: "3", "requests.storage": "30Gi" });
  });

  it("is the target of its autoscaler and disruption budget", () => {
    const scaled = renderInline(platform((config) => (config.services.db = { ...db, autoscaling: { min: 2, max: 4, cpu: 70 }, vpa: { mode: "Off" } })), "dev");
    expect(spec(findObject(scaled, "HorizontalPodAutoscaler", "db")).scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "db" });
    expect(spec(findObject(scaled, "VerticalPodAutoscaler", "db")).targetRef).toEqual({ apiVersion: "apps/v1", kind: "StatefulSet", name: "db" });
    expect(hasObject(scaled, "PodDisruptionBudget", "db")).toBe(true);
    expect(spec(findObject(scaled, "StatefulSet", "db"))).not.toHaveProperty("replicas");
  });
});

describe("a Deployment with storage", () => {
  const withClaim = (replicas: number, accessModes: ("ReadWriteOnce" | "ReadWriteMany")[]) =>
    platform((config) => (config.services.uploads = { image: image("uploads"), ports: [{ name: "http", port: 8080 }], probes: health, replicas, storage: [{ name: "files", mountPath: "/srv/files", size: "5Gi", accessModes }] }));

  it("mounts a claim of its own and replaces its pod (Recreate) when the claim is one node's", () => {
    const objects = renderInline(withClaim(1, ["ReadWriteOnce"]), "dev");
    expect(spec(findObject(objects, "PersistentVolumeClaim", "uploads-files"))).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } });
    const deployment = spec(findObject(objects, "Deployment", "uploads"));
    expect(deployment.strategy).toEqual({ type: "Recreate" });
    expect(deployment.template.spec.volumes).toContainEqual({ name: "files", persistentVolumeClaim: { claimName: "uploads-files" } });
    expect(gate("dev", objects)).toEqual([]);
  });

  it("is an error with a ReadWriteOnce claim and two replicas, and rolls with a ReadWriteMany claim", () => {
    expect(specErrors(withClaim(2, ["ReadWriteOnce"])).join("\n")).toContain("services.uploads.storage[0].accessModes: a ReadWriteOnce claim is mounted by one node at a time");
    expect(spec(findObject(renderInline(withClaim(2, ["ReadWriteMany"]), "dev"), "Deployment", "uploads")).strategy.type).toBe("RollingUpdate");
  });
});

describe("a Job and a CronJob", () => {
  const dev = renderInline(platform(), "dev");
  const prod = renderInline(platform(), "prod");

  it("render a Job as an Argo CD hook of its phase, deleted before its next run", () => {
    const job = findObject(dev, "Job", "migrate");
    expect(job.metadata.annotations).toEqual({ "argocd.argoproj.io/hook": "PreSync", "argocd.argoproj.io/hook-delete-policy": "BeforeHookCreation" });
    expect(spec(job)).toMatchObject({ backoffLimit: 6, template: { spec: { restartPolicy: "OnFailure", serviceAccountName: "migrate" } } });
    expect(hasObject(dev, "Service", "migrate") || hasObject(dev, "PodDisruptionBudget", "migrate")).toBe(false);
  });

  it("render a CronJob with its schedule and Forbid by default; a suspended one is still rendered and validated", () => {
    expect(spec(findObject(dev, "CronJob", "backup"))).toMatchObject({ schedule: "30 2 * * *", concurrencyPolicy: "Forbid", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    const suspended = renderInline(platform((config) => Object.assign(config.environments.dev!, { services: { backup: { suspend: true } } })), "dev");
    expect(spec(findObject(suspended, "CronJob", "backup")).suspend).toBe(true);
    expect(gate("dev", suspended)).toEqual([]);
  });

  it("run their pods' istio-proxy as a native sidecar when meshed, so they can finish", () => {
    expect(spec(findObject(prod, "Job", "migrate")).template.metadata.annotations).toMatchObject({ [NATIVE_SIDECAR_ANNOTATION]: "true" });
    expect(spec(findObject(prod, "CronJob", "backup")).jobTemplate.spec.template.metadata.annotations).toMatchObject({ [NATIVE_SIDECAR_ANNOTATION]: "true" });
    expect(spec(findObject(prod, "StatefulSet", "db")).template.metadata.annotations).not.toHaveProperty(NATIVE_SIDECAR_ANNOTATION);
    expect(gate("prod", prod)).toEqual([]);
  });

  it("refuse a meshed environment older than Kubernetes 1.29 (no native sidecars)", () => {
    const old = platform((config) => (config.environments.prod!.cluster = { kubernetesVersion: "1.28" }));
    expect(specErrors(old).join("\n")).toContain("environments.prod.cluster.kubernetesVersion: 1.28 is too old: in a meshed environment istio-proxy runs as a native sidecar where the jobs here (backup, migrate) run it so that their pods can finish");
  });

  it("open exactly their dependencies' edges: the job's egress, the callee's ingress and its principal", () => {
    const ingress = networkAllowSet(objectNamed(prod, "NetworkPolicy", "db"), "ingress");
    expect(ingress.filter((line) => !line.startsWith("monitoring/"))).toEqual(["shop/backup → 5432", "shop/migrate → 5432"]);
    expect(networkAllowSet(objectNamed(prod, "NetworkPolicy", "migrate"), "egress")).toEqual(["shop/db → 5432", "istio-system/app=istiod → 15012"]);
    expect(networkAllowSet(objectNamed(prod, "NetworkPolicy", "migrate"), "ingress")).toEqual(["monitoring/app.kubernetes.io/name=prometheus → 15090"]);
    expect(authorizationAllowSet(objectNamed(prod, "AuthorizationPolicy", "db"))).toEqual(["cluster.local/ns/shop/sa/backup → 5432", "cluster.local/ns/shop/sa/migrate → 5432"]);
    expect(spec(objectNamed(prod, "AuthorizationPolicy", "migrate"))).not.toHaveProperty("rules");
    expect(hasObject(prod, "DestinationRule", "migrate")).toBe(false);
  });

  it("raise alerts when a run fails, and when a cron job misses its schedule or has not succeeded for twice its longest gap", () => {
    const rules = (name: string) => (spec(findObject(dev, "PrometheusRule", name)).groups as Json[]).flatMap((group) => group.rules as Json[]);
    expect(rules("migrate").map((rule) => rule.alert)).toEqual(["MigrateJobFailed"]);
    const cron = rules("backup");
    expect(cron.map((rule) => rule.alert)).toEqual(["BackupJobFailed", "BackupCronJobMissedSchedule", "BackupCronJobLastSuccessTooOld"]);
    expect(cron[2]!.expr).toContain(`kube_cronjob_status_last_successful_time{namespace="shop",job="kube-state-metrics",cronjob="backup"} > ${2 * 24 * 3600}`);
    expect(cron[1]!.expr).toContain('kube_cronjob_spec_suspend{namespace="shop",job="kube-state-metrics",cronjob="backup"} == 0');
    expect(hasObject(dev, "ConfigMap", "backup-dashboard")).toBe(false);
  });

  it("cannot be called, and take no serving fields", () => {
    const calling = platform((config) => (config.services.web!.dependsOn = ["migrate"]));
    expect(specErrors(calling).join("\n")).toContain('services.web.dependsOn[0]: "migrate" is a job: it runs to completion and serves no one');
  });
});
