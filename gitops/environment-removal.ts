// What removing an environment from the spec does in the clusters when Argo CD delivers the
// platform: said by synth and publish, which remove its output.
import { environmentApplication } from "./targets.js";

/**
 * An environment gone from the spec leaves argocd/ with its Applications, but the root Application
 * never prunes: they, and what they deployed, keep running until someone deletes them on purpose.
 */
export function removalNotice(platform: string, environment: string): string {
  const application = environmentApplication(platform, environment);
  return `environment ${environment} is no longer in the spec: its Argo CD Application ${application} (and one per additional cluster) leaves argocd/, but the root Application never prunes it, so it and everything it deployed keep running; when you mean to remove them, delete it in Argo CD (argocd app delete ${application}); its namespaces and volumes stay either way (Prune=false,Delete=false)`;
}
