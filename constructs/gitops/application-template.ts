// What every Application of an environment's output part is, wherever it deploys: the labels and
// annotations, the project, the source (the environment's folder or branch, or one namespace's
// folder of it), server-side apply pruning last, retries with backoff, replica counts left to the
// HorizontalPodAutoscalers that own them. An Application fills in one cluster; an ApplicationSet
// fills in each cluster its generator selects.
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { environmentProject, environmentSource, type GitOpsSettings, namespaceSource } from "../../gitops/targets.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { compareStrings } from "../../spec/order.js";
import { objectLabels, platformIdentity } from "../labels.js";
import type { KubeObject } from "../synth.js";
import { hpaManagedDeployments, type OutputPart, renderedNamespaces } from "./rendered-output.js";

export interface RenderedEnvironmentOutput {
  readonly spec: EnvironmentSpec;
  readonly objects: readonly KubeObject[];
}

/** Sync options every Application uses. Namespaces are rendered objects, so no CreateNamespace. */
export const SYNC_OPTIONS = ["PruneLast=true", "RespectIgnoreDifferences=true", "ServerSideApply=true"];

/** Retries of a failed sync: 10 s, 20 s, 40 s … capped at 5 minutes, five times. */
export const SYNC_RETRY = { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } };

export const MANIFEST_GENERATE_PATHS_ANNOTATION = "argocd.argoproj.io/manifest-generate-paths";

/** Which cluster an Application deploys to: a server URL, or a cluster name (an ApplicationSet's template parameter). */
export type ApplicationDestination = { readonly server: string } | { readonly name: string };

/** The metadata (less the name) and spec of the Application that syncs part to destination. */
export function applicationTemplate(settings: GitOpsSettings, spec: EnvironmentSpec, part: OutputPart, destination: ApplicationDestination): { metadata: Omit<IApplication["metadata"], "name">; spec: IApplication["spec"] } {
  const { objects, namespace } = part;
  const automated = spec.gitops.automated;
  const ignoreDifferences = hpaManagedDeployments(objects).map(({ namespace, name }) => ({ group: "apps", kind: "Deployment", namespace, name, jsonPointers: ["/spec/replicas"] }));
  return {
    metadata: {
      labels: objectLabels(platformIdentity(spec, "gitops"), spec),
      // The path is relative to the source path: only a change of this environment's output refreshes it.
      annotations: { [MANIFEST_GENERATE_PATHS_ANNOTATION]: ".", ...notificationAnnotations(spec) },
    },
    spec: {
      project: environmentProject(settings, spec.name, namespace),
      source: { repoURL: settings.repoURL, ...(namespace === undefined ? environmentSource(settings, spec.name, part.excludedFolders) : namespaceSource(settings, spec.name, namespace)) },
      // Every rendered object names its namespace; this one only satisfies Argo CD's destination check.
      destination: { ...destination, namespace: renderedNamespaces(objects)[0]! },
      syncPolicy: {
        ...(automated === null ? {} : { automated: { prune: automated.prune, selfHeal: automated.selfHeal } }),
        syncOptions: SYNC_OPTIONS,
        retry: SYNC_RETRY,
      },
      ...(ignoreDifferences.length === 0 ? {} : { ignoreDifferences }),
      revisionHistoryLimit: 10,
    },
  };
}

/** The name of a part's Application: the target's name, suffixed by the namespace of a part outside the environment's own. */
export function partApplicationName(name: string, part: Pick<OutputPart, "namespace">): string {
  return part.namespace === undefined ? name : `${name}-${part.namespace}`;
}

/** `notifications.argoproj.io/subscribe.<trigger>.<service>: <recipient>[;<recipient>…]` per subscription. */
export function notificationAnnotations(environment: EnvironmentSpec): Record<string, string> {
  const recipients = new Map<string, string[]>();
  for (const { trigger, service, recipient } of environment.gitops.notifications) {
    const key = `notifications.argoproj.io/subscribe.${trigger}.${service}`;
    recipients.set(key, [...(recipients.get(key) ?? []), recipient]);
  }
  return Object.fromEntries([...recipients.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([key, list]) => [key, [...new Set(list)].join(";")]));
}
