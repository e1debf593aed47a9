// Data-service custom resources refer to the PostgreSQL cluster they act on: a CloudNativePG
// ScheduledBackup names a Cluster of its namespace that has a backup configuration, and a Pooler
// names a Cluster of its namespace.
import type { KubeObject } from "../../constructs/synth.js";
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule, ObjectIndex } from "./object-index.js";

const CNPG = "postgresql.cnpg.io/";

/** Each CloudNativePG object of `kind`, the Cluster name its spec.cluster.name gives, and that CloudNativePG Cluster of its namespace when there is one. */
function clusterReferences(index: ObjectIndex, kind: string): { object: KubeObject; name: string | undefined; cluster: KubeObject | undefined }[] {
  return index
    .ofKind(kind)
    .filter((object) => object.apiVersion.startsWith(CNPG))
    .map((object) => {
      const name = ((object.spec as Json | undefined)?.cluster as Json | undefined)?.name as string | undefined;
      const found = name === undefined ? undefined : index.find("Cluster", object.metadata.namespace, name);
      return { object, name, cluster: found?.apiVersion.startsWith(CNPG) === true ? found : undefined };
    });
}

export const dataServiceRules: readonly CrossObjectRule[] = [
  {
    id: "xo/scheduled-backup-cluster",
    severity: "error",
    fix: "name in spec.cluster.name a CloudNativePG Cluster of the same namespace that declares spec.backup",
    check: (index) =>
      clusterReferences(index, "ScheduledBackup").flatMap(({ object: backup, name, cluster }) => {
        const problem =
          name === undefined
            ? "names no Cluster"
            : cluster === undefined
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
      clusterReferences(index, "Pooler").flatMap(({ object: pooler, name, cluster }) =>
        cluster !== undefined
          ? []
          : [{ object: pooler, path: "spec.cluster.name", message: `Pooler ${pooler.metadata.name} names Cluster ${name ?? "(none)"}, which is not in namespace ${pooler.metadata.namespace ?? "default"}`, unresolved: name !== undefined }],
      ),
  },
];
