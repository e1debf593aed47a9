// An environment's Velero backups: a Schedule of its namespaces in Velero's namespace, the
// BackupStorageLocation when the environment declares one, and the alerts on the schedule.
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { BackupsSpec } from "../../spec/schema/backups.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";
import { backupAlertRules } from "./backup-alerts.js";

export interface EnvironmentBackupsProps {
  readonly environment: EnvironmentSpec;
  readonly backups: BackupsSpec;
}

/** Name of the environment's Velero Schedule (and of its backups' prefix in the metrics). */
export function backupScheduleName(environment: EnvironmentSpec): string {
  return `${environment.platform.name}-${environment.name}`;
}

export class EnvironmentBackups extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentBackupsProps) {
    super(scope, id);
    const { environment, backups } = props;
    const labels = objectLabels(platformIdentity(environment, "backups"), environment);
    const name = backupScheduleName(environment);
    const location = backups.storageLocation;
    modelObject(this, "schedule", {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name, namespace: backups.namespace, labels },
      spec: {
        schedule: backups.schedule,
        template: {
          includedNamespaces: Object.values(environment.namespaces).map((namespace) => namespace.name).sort(),
          ttl: backups.ttl,
          storageLocation: location.name,
          snapshotVolumes: backups.volumeSnapshots,
          // Opt-in: only the volumes each workload names (backup.velero.io/backup-volumes), never its emptyDirs.
          defaultVolumesToFsBackup: false,
        },
      },
    });
    if (location.provider !== undefined && location.bucket !== undefined) {
      modelObject(this, "storage-location", {
        apiVersion: "velero.io/v1",
        kind: "BackupStorageLocation",
        metadata: { name: location.name, namespace: backups.namespace, labels },
        spec: {
          provider: location.provider,
          objectStorage: { bucket: location.bucket, prefix: location.prefix ?? environment.name },
          ...(Object.keys(location.config).length === 0 ? {} : { config: location.config }),
          ...(location.credential === undefined ? {} : { credential: location.credential }),
        },
      });
    }
    if (environment.prometheus.operator) {
      modelObject<IPrometheusRule>(this, "alerts", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: `${name}-backups`, namespace: backups.namespace, labels: { ...labels, ...environment.prometheus.selector } },
        spec: { groups: [{ name: `${name}-backups`, rules: backupAlertRules(name, backups, environment) }] },
      });
    }
  }
}
