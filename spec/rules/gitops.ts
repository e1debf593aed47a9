// Each cluster an environment deploys to is a distinct Argo CD Application whose name fits a label,
// a fleet (clusters selected by label) goes with GitOps delivery and instead of listed clusters, and
// no environment takes a name the Argo CD objects themselves use.
import { applicationTargets, ARGOCD_OUTPUT } from "../../gitops/targets.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import type { FieldIssue } from "../zod-issues.js";

/** Names the Argo CD objects themselves take: argocd/ in the output repository, the <project>-gitops project. */
const RESERVED_ENVIRONMENT_NAMES = [ARGOCD_OUTPUT, "gitops"];

/** Argo CD's label-based resource tracking puts the Application name in a label value. */
const MAX_APPLICATION_NAME = 63;

export function gitopsRules(environment: EnvironmentSpec): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seenNames = new Map<string, string>([[environment.cluster.name, "cluster.name"]]);
  const seenServers = new Map<string, string>([[environment.cluster.server, "cluster.server"]]);
  environment.additionalClusters.forEach((cluster, index) => {
    const nameOwner = seenNames.get(cluster.name);
    if (nameOwner !== undefined) issues.push({ path: ["additionalClusters", index, "name"], message: `"${cluster.name}" is already ${nameOwner}; each cluster needs its own name` });
    const serverOwner = seenServers.get(cluster.server);
    if (serverOwner !== undefined) issues.push({ path: ["additionalClusters", index, "server"], message: `${cluster.server} is already ${serverOwner}; list each cluster once` });
    seenNames.set(cluster.name, `additionalClusters[${index}].name`);
    seenServers.set(cluster.server, `additionalClusters[${index}].server`);
  });
  if (environment.fleet !== undefined && environment.additionalClusters.length > 0) {
    issues.push({ path: ["fleet"], message: "a fleet selects its clusters by label: list the clusters in additionalClusters or select them with fleet, not both" });
  }
  if (environment.fleet !== undefined && environment.platform.gitops === undefined) {
    issues.push({ path: ["fleet"], message: "a fleet is an Argo CD ApplicationSet: declare platform.gitops (the output repository Argo CD reads)" });
  }
  if (environment.platform.gitops !== undefined) {
    if (RESERVED_ENVIRONMENT_NAMES.includes(environment.name)) {
      issues.push({ path: [], message: `an environment may not be named "${environment.name}" with gitops: the output repository's argocd/ and the <project>-gitops AppProject hold the Argo CD objects themselves; rename the environment` });
    }
    applicationTargets(environment).forEach((target, index) => {
      if (target.name.length > MAX_APPLICATION_NAME) {
        const [path, shorten] = index === 0 ? [["platform", "name"], "platform or environment name"] : [["additionalClusters", index - 1, "name"], "cluster name"];
        issues.push({ path, message: `the Argo CD Application "${target.name}" (<platform>-<environment>${index === 0 ? "" : "-<cluster>"}) is longer than ${MAX_APPLICATION_NAME} characters; use a shorter ${shorten}` });
      }
    });
  }
  return issues;
}
