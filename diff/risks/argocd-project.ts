// What Argo CD may now deploy: an AppProject allowing a new source repository, destination (cluster
// and namespace) or kind. A project is Argo CD's RBAC for the Applications in it.
import { added } from "../canonical.js";
import type { Json } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

function grants(project: Json | undefined): string[] {
  const spec = project?.spec ?? {};
  const kinds = (list: Json[] | undefined, scope: string) => (list ?? []).map(({ group, kind }) => `${scope} kind ${group === "" ? "" : `${group}/`}${kind}`);
  return [
    ...((spec.sourceRepos as string[] | undefined) ?? []).map((repo) => `source ${repo}`),
    ...((spec.destinations as Json[] | undefined) ?? []).map(({ server, name, namespace }) => `destination ${server ?? name} ${namespace}`),
    ...kinds(spec.clusterResourceWhitelist, "cluster-scoped"),
    ...kinds(spec.namespaceResourceWhitelist, "namespaced"),
  ];
}

export const projectWidening: RiskCheck = {
  category: "rbac",
  check: (changes) =>
    changesOf(changes, "argoproj.io/AppProject").flatMap((change): RiskFlag[] => {
      if (change.before === undefined || change.after === undefined) return [];
      const granted = added(grants(change.before), grants(change.after));
      return granted.length === 0 ? [] : [{ category: "rbac", service: change.service, message: `${change.ref} allows ${granted.join("; ")} (new)` }];
    }),
};
