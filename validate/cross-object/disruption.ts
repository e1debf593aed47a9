// A PodDisruptionBudget protects pods that exist, and still lets a node drain.
import type { Json } from "../policy/rule.js";
import type { CrossObjectRule } from "./object-index.js";

export const disruptionRules: readonly CrossObjectRule[] = [
  {
    id: "xo/pdb-selects",
    severity: "error",
    fix: "make the PDB selector match a workload's pod labels",
    check: (index) =>
      index.ofKind("PodDisruptionBudget").flatMap((pdb) =>
        index.selected(pdb.metadata.namespace ?? "default", (pdb.spec as Json).selector).length > 0
          ? []
          : [{ object: pdb, path: "spec.selector", message: `PodDisruptionBudget ${pdb.metadata.name} selects no pod`, unresolved: true }],
      ),
  },
  {
    id: "xo/pdb-blocks-drain",
    severity: "error",
    fix: "use maxUnavailable: 1, or a minAvailable below the minimum replica count",
    check: (index) =>
      index.ofKind("PodDisruptionBudget").flatMap((pdb) => {
        const { minAvailable, maxUnavailable, selector } = pdb.spec as Json;
        // Whatever it selects, now or once deployed, maxUnavailable 0 leaves nothing evictable.
        if (maxUnavailable === 0 || maxUnavailable === "0%") return [{ object: pdb, path: "spec.maxUnavailable", message: `PodDisruptionBudget ${pdb.metadata.name} sets maxUnavailable ${String(maxUnavailable)}: no pod it selects can be evicted, and every drain blocks` }];
        if (minAvailable === undefined) return [];
        return index.selected(pdb.metadata.namespace ?? "default", selector).flatMap((workload) => {
          const replicas = index.replicaBounds(workload.object).min;
          const required = typeof minAvailable === "number" ? minAvailable : Math.ceil((replicas * Number.parseInt(String(minAvailable), 10)) / 100);
          return required >= replicas ? [{ object: pdb, path: "spec.minAvailable", message: `minAvailable ${String(minAvailable)} leaves no pod of ${workload.name} evictable at ${replicas} replica(s): every drain blocks` }] : [];
        });
      }),
  },
];
