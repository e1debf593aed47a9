// Data-service custom resources refer to the PostgreSQL cluster they act on: a CloudNativePG
// ScheduledBackup names a Cluster of its namespace that has a backup configuration, and a Pooler
// names a Cluster of its namespace.
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule } from "./object-index.js";

const CNPG = "postgresql.cnpg.io/";

export const dataServiceRules: readonly CrossObjectRule[] = [
  {
    id: "xo/scheduled-backup-cluster",
    severity: "error",
    fix: "name in spec.cluster.name a CloudNativePG Cluster of the same namespace that declares spec.backup",
    check: (index) =>
      index
        .ofKind("ScheduledBackup")
        .filter((backup) => backup.apiVersion.startsWith(CNPG))
        .flatMap((backup) => {
          const name = ((backup.spec as Json | undefined)?.cluster as Json | undefined)?.name as string | undefined;
          const cluster = name === undefined ? undefined : index.find("Cluster", backup.metadata.namespace, name);
          const problem =
            name === undefined
              ? "names no Cluster"
              : cluster === undefined || !cluster.apiVersion.startsWith(CNPG)
                ? `names Cluster ${name}, which is not in namespace ${backup.metadata.namespace ?? "default"}`
                : (cluster.spec as Json | undefined)?.backup === undefined
                  ? `names Cluster ${name}, which declares no backup (spec.backup): every scheduled backup would fail`
                  : undefined;
          return problem === undefined ? [] : [{ object: backup, path: "spec.cluster.name", message: `ScheduledBackup ${backup.metadata.name} ${problem}`, unresolved: name !== undefined && cluster === undefined }];
        }),
  },
  {
    id: "xo/pooler-cluster",
    severity: "error",
    fix: "name in spec.cluster.name a CloudNativePG Cluster of the same namespace",
    check: (index) =>
      index
        .ofKind("Pooler")
        .filter((pooler) => pooler.apiVersion.startsWith(CNPG))
        .flatMap((pooler) => {
          const name = ((pooler.spec as Json | undefined)?.cluster as Json | undefined)?.name as string | undefined;
          const cluster = name === undefined ? undefined : index.find("Cluster", pooler.metadata.namespace, name);
          return cluster !== undefined && cluster.apiVersion.startsWith(CNPG)
            ? []
            : [{ object: pooler, path: "spec.cluster.name", message: `Pooler ${pooler.metadata.name} names Cluster ${name ?? "(none)"}, which is not in namespace ${pooler.metadata.namespace ?? "default"}`, unresolved: name !== undefined }];
        }),
  },
];
