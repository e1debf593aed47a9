// One Argo CD Application per cluster an environment deploys to and part of its output: it syncs
// the environment's folder (or branch) of the output repository — or, for a namespace the
// environment does not own, that namespace's folder only — applies server-side, prunes last, retries
// with backoff and leaves replica counts to the HorizontalPodAutoscalers that own them.
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { Construct } from "constructs";
import { type ApplicationTarget, environmentProject, environmentSource, type GitOpsSettings, namespaceSource } from "../../gitops/targets.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { compareStrings } from "../../spec/order.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";
import type { KubeObject } from "../synth.js";
import { hpaManagedDeployments, type OutputPart, renderedNamespaces } from "./rendered-output.js";

export interface RenderedEnvironmentOutput {
  readonly spec: EnvironmentSpec;
  readonly objects: readonly KubeObject[];
}

export interface EnvironmentApplicationProps {
  readonly settings: GitOpsSettings;
  readonly environment: RenderedEnvironmentOutput;
  /** The part of the environment's output this Application syncs. */
  readonly part: OutputPart;
  readonly target: ApplicationTarget;
}

/** Sync options every Application uses. Namespaces are rendered objects, so no CreateNamespace. */
export const SYNC_OPTIONS = ["PruneLast=true", "RespectIgnoreDifferences=true", "ServerSideApply=true"];

/** Retries of a failed sync: 10 s, 20 s, 40 s … capped at 5 minutes, five times. */
export const SYNC_RETRY = { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } };

export const MANIFEST_GENERATE_PATHS_ANNOTATION = "argocd.argoproj.io/manifest-generate-paths";

export class EnvironmentApplication extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentApplicationProps) {
    super(scope, id);
    const { settings, target, part } = props;
    const { spec } = props.environment;
    const { objects, namespace } = part;
    const automated = spec.gitops.automated;
    const ignoreDifferences = hpaManagedDeployments(objects).map(({ namespace, name }) => ({ group: "apps", kind: "Deployment", namespace, name, jsonPointers: ["/spec/replicas"] }));
    modelObject<IApplication>(this, "application", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: partApplicationName(target, part),
        namespace: settings.argocdNamespace,
        labels: objectLabels(platformIdentity(spec, "gitops"), spec),
        // The path is relative to the source path: only a change of this environment's output refreshes it.
        annotations: { [MANIFEST_GENERATE_PATHS_ANNOTATION]: ".", ...notificationAnnotations(spec) },
      },
      spec: {
        project: environmentProject(settings, spec.name, namespace),
        source: { repoURL: settings.repoURL, ...(namespace === undefined ? environmentSource(settings, spec.name, part.excludedFolders) : namespaceSource(settings, spec.name, namespace)) },
        // Every rendered object names its namespace; this one only satisfies Argo CD's destination check.
        destination: { server: target.server, namespace: renderedNamespaces(objects)[0]! },
        syncPolicy: {
          ...(automated === null ? {} : { automated: { prune: automated.prune, selfHeal: automated.selfHeal } }),
          syncOptions: SYNC_OPTIONS,
          retry: SYNC_RETRY,
        },
        ...(ignoreDifferences.length === 0 ? {} : { ignoreDifferences }),
        revisionHistoryLimit: 10,
      },
    });
  }
}

/** The Application of a target's part: the target's own name, suffixed by the namespace of a part outside the environment's own. */
export function partApplicationName(target: ApplicationTarget, part: Pick<OutputPart, "namespace">): string {
  return part.namespace === undefined ? target.name : `${target.name}-${part.namespace}`;
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
