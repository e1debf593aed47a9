// A database of the catalog, run by CloudNativePG: its Cluster, a ScheduledBackup and the
// ExternalSecret of the object-storage credentials when it backs up, a PodMonitor for the
// instances' metrics and the alerts on them, and a NetworkPolicy admitting exactly its callers, its own instances
// (replication), the operator and Prometheus. Instances run without a mesh sidecar: the operator
// and the instances speak to each other and to the API server directly, and PostgreSQL encrypts
// its own connections; the NetworkPolicy keeps the zero-trust edge. A pooler is its own construct.
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { databaseCallers, databaseNamespace, INSTANCE_METRICS_PORT, INSTANCE_STATUS_PORT, poolerPodLabels, POSTGRES_PORT } from "../../spec/database.js";
import { isMeshed } from "../../spec/environment-settings.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { DatabaseSpec } from "../../spec/schema/database.js";
import { objectLabels, selectorLabels } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { databaseAlertRules } from "./database-alerts.js";
import { DatabasePooler } from "./database-pooler.js";
import { apiServerEgress, componentPeer, servicesIngress, tcpPorts } from "../network/policy-rules.js";

export interface PostgresDatabaseProps {
  readonly environment: EnvironmentSpec;
  /** Key of the database in `environment.databases`. */
  readonly name: string;
}

/** Keys of the backup credentials Secret, as barmanObjectStore reads them. */
const ACCESS_KEY_ID = "ACCESS_KEY_ID";
const ACCESS_SECRET_KEY = "ACCESS_SECRET_KEY";
const CLUSTER_LABEL = "cnpg.io/cluster";
const IMAGE = "ghcr.io/cloudnative-pg/postgresql";
const OBJECT_STORAGE_PORT = 443;

/** The Secret holding a database's object-storage credentials: an existing one, or the one its ExternalSecret writes. */
export function backupCredentialsSecret(name: string, database: DatabaseSpec): string | undefined {
  const credentials = database.backup?.credentials;
  if (credentials === undefined) return undefined;
  return "existingSecret" in credentials ? credentials.existingSecret : `${name}-backup-credentials`;
}

/** Where a database's backups are, as barmanObjectStore reads them (its own backup, or a recovery's source). */
function objectStore(name: string, database: DatabaseSpec): Record<string, unknown> {
  const backup = database.backup!;
  const credentials = backupCredentialsSecret(name, database)!;
  return {
    destinationPath: backup.destination,
    ...(backup.endpointURL === undefined ? {} : { endpointURL: backup.endpointURL }),
    s3Credentials: { accessKeyId: { name: credentials, key: ACCESS_KEY_ID }, secretAccessKey: { name: credentials, key: ACCESS_SECRET_KEY } },
    wal: { compression: "gzip" },
  };
}

/** An empty database with its owner, or a point-in-time recovery from another database's backups. */
function bootstrapOf(database: DatabaseSpec, environment: EnvironmentSpec): Record<string, unknown> {
  const { restore } = database;
  if (restore === undefined) return { bootstrap: { initdb: { database: database.database, owner: database.owner } } };
  const source = environment.databases[restore.from]!;
  return {
    bootstrap: { recovery: { source: restore.from, database: database.database, owner: database.owner, ...(restore.targetTime === undefined ? {} : { recoveryTarget: { targetTime: restore.targetTime } }) } },
    externalClusters: [{ name: restore.from, barmanObjectStore: objectStore(restore.from, source) }],
  };
}

export class PostgresDatabase extends Construct {
  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const { environment, name } = props;
    const database = environment.databases[name]!;
    const namespace = databaseNamespace(name, environment);
    const labels = objectLabels({ name, version: database.version, component: "database" }, environment);
    const metadata = { name, namespace, labels };
    const credentials = backupCredentialsSecret(name, database);
    const backup = database.backup;

    modelObject(this, "cluster", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata,
      spec: {
        instances: database.instances,
        imageName: `${IMAGE}:${database.version}`,
        primaryUpdateStrategy: "unsupervised",
        storage: { size: database.storage.size, ...(database.storage.storageClass === undefined ? {} : { storageClass: database.storage.storageClass }) },
        resources: { requests: database.resources.requests, limits: database.resources.limits },
        ...(Object.keys(database.parameters).length === 0 ? {} : { postgresql: { parameters: database.parameters } }),
        ...bootstrapOf(database, environment),
        // Instances on different nodes where the cluster has them.
        affinity: { enablePodAntiAffinity: true, podAntiAffinityType: "preferred", topologyKey: "kubernetes.io/hostname" },
        inheritedMetadata: { labels: { ...selectorLabels(name, environment), ...(isMeshed(environment) ? { "sidecar.istio.io/inject": "false" } : {}) } },
        ...(backup === undefined
          ? {}
          : {
              backup: {
                retentionPolicy: backup.retention,
                barmanObjectStore: { ...objectStore(name, database), data: { compression: "gzip" } },
              },
            }),
      },
    });

    if (backup !== undefined) {
      modelObject(this, "scheduled-backup", {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { ...metadata, name: `${name}-base` },
        // CloudNativePG's schedule has a seconds field first.
        spec: { schedule: `0 ${backup.schedule}`, cluster: { name }, backupOwnerReference: "self", immediate: true },
      });
      if (!("existingSecret" in backup.credentials)) {
        const store = environment.defaultSecretStore ?? Object.keys(environment.secretStores)[0]!;
        const remote = (reference: { key: string; property?: string | undefined }) => ({ key: reference.key, ...(reference.property === undefined ? {} : { property: reference.property }) });
        modelObject<IExternalSecret>(this, "backup-credentials", {
          apiVersion: "external-secrets.io/v1",
          kind: "ExternalSecret",
          metadata: { ...metadata, name: credentials! },
          spec: {
            refreshInterval: "1h",
            secretStoreRef: { kind: "SecretStore", name: store },
            target: { name: credentials!, creationPolicy: "Owner" },
            data: [
              { secretKey: ACCESS_KEY_ID, remoteRef: remote(backup.credentials.accessKeyId) },
              { secretKey: ACCESS_SECRET_KEY, remoteRef: remote(backup.credentials.secretAccessKey) },
            ],
          },
        });
      }
    }

    const instances = { namespace, podLabels: { [CLUSTER_LABEL]: name } };
    if (environment.prometheus.operator) {
      modelObject<IPodMonitor>(this, "pod-monitor", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { ...metadata, labels: { ...labels, ...environment.prometheus.selector } },
        spec: { selector: { matchLabels: { [CLUSTER_LABEL]: name, "cnpg.io/podRole": "instance" } }, namespaceSelector: { matchNames: [namespace] }, podMetricsEndpoints: [{ port: "metrics" }] },
      });
      modelObject<IPrometheusRule>(this, "alerts", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { ...metadata, labels: { ...labels, ...environment.prometheus.selector } },
        spec: { groups: [{ name: `${name}-database`, rules: databaseAlertRules(name, namespace, database, environment) }] },
      });
    }

    coreObject(this, "network-policy", k8s.KubeNetworkPolicy, {
      metadata,
      spec: {
        podSelector: { matchLabels: instances.podLabels },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          ...servicesIngress(databaseCallers(name, environment), environment, [POSTGRES_PORT]),
          { from: [componentPeer(instances)], ports: tcpPorts([POSTGRES_PORT]) },
          ...(database.pooler === undefined ? [] : [{ from: [componentPeer({ namespace, podLabels: poolerPodLabels(name) })], ports: tcpPorts([POSTGRES_PORT]) }]),
          { from: [componentPeer(environment.cloudnativePg)], ports: tcpPorts([INSTANCE_STATUS_PORT]) },
          ...(environment.prometheus.operator ? [{ from: [componentPeer(environment.prometheus)], ports: tcpPorts([INSTANCE_METRICS_PORT]) }] : []),
        ],
        egress: [
          { to: [componentPeer(instances)], ports: tcpPorts([POSTGRES_PORT]) },
          // The instance manager watches its Cluster through the API server; WAL and base backups go to object storage.
          ...apiServerEgress(environment, backup === undefined ? [] : [OBJECT_STORAGE_PORT]),
        ],
      },
    });
    if (database.pooler !== undefined) new DatabasePooler(this, "pooler", { environment, name });
  }
}
