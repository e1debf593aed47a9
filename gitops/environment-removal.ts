// Removing an environment's output is explicit: synth and publish refuse to delete the output of an
// environment gone from the spec unless --remove names it, refuse what looks like a rename (its
// instance label would change under every selector), and say what a removal does in the clusters.
import { environmentApplication } from "./targets.js";

/**
 * An environment gone from the spec leaves argocd/ with its Applications, but the root Application
 * never prunes: they, and what they deployed, keep running until someone deletes them on purpose.
 */
export function removalNotice(platform: string, environment: string): string {
  const application = environmentApplication(platform, environment);
  return `environment ${environment} is no longer in the spec: its Argo CD Application ${application} (and one per additional cluster and per namespace it does not own) leaves argocd/, but the root Application never prunes it, so it and everything it deployed keep running; when you mean to remove them, delete it in Argo CD (argocd app delete ${application}); its namespaces and volumes stay either way (Prune=false,Delete=false)`;
}

export interface RemovalRequest {
  /** Environments whose output is there but which the spec no longer declares. */
  readonly stale: readonly string[];
  /** Environments rendered for the first time. */
  readonly added: readonly string[];
  /** What --remove named. */
  readonly remove: readonly string[];
  /** Where the output lives, for the message: `dist/` or `the output repository`. */
  readonly where: string;
}

/** Why the removal is refused, or undefined when every stale environment was named by --remove. */
export function removalRefusal({ stale, added, remove, where }: RemovalRequest): string | undefined {
  const unflagged = stale.filter((name) => !remove.includes(name));
  if (unflagged.length === 0) return undefined;
  const names = unflagged.join(", ");
  const flags = unflagged.map((name) => `--remove ${name}`).join(" ");
  const refusal = `${where} holds the output of ${names}, no longer ${unflagged.length === 1 ? "an environment" : "environments"} in the spec: removing it takes ${unflagged.length === 1 ? "its" : "their"} objects out of Git (and Argo CD prunes them), so it is done only when asked: run again with ${flags}, or declare ${unflagged.length === 1 ? "it" : "them"} again`;
  if (added.length === 0) return refusal;
  return `${refusal}. If ${names} ${unflagged.length === 1 ? "was" : "were"} renamed to ${added.join(", ")}: an environment cannot be renamed in place. Every object carries app.kubernetes.io/instance: <service>-<environment>, every Deployment and StatefulSet selects its pods by it, and a selector cannot change; the new Application would create a second copy of each workload beside the first, in the same namespaces. Add ${added.join(", ")} beside ${names}, move traffic to it, then remove ${names} with ${flags}`;
}

/** --remove may only name environments the spec no longer declares. */
export function removalOfDeclared(remove: readonly string[], declared: readonly string[]): string | undefined {
  const still = remove.filter((name) => declared.includes(name));
  return still.length === 0 ? undefined : `--remove ${still.join(", ")}: still ${still.length === 1 ? "an environment" : "environments"} in the spec; delete ${still.length === 1 ? "it" : "them"} from the spec first`;
}
