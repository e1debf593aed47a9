// The root Application (app of apps): it syncs argocd/ from the output repository, so the projects
// and Applications are delivered by Git like everything else. It prunes nothing: an environment's
// Application removed from argocd/ is left running, out of sync, until someone deletes it on
// purpose (synth says so when an environment leaves the spec).
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { Construct } from "constructs";
import { argoCdSource, gitopsProject, type GitOpsSettings, IN_CLUSTER_SERVER } from "../../gitops/targets.js";
import type { PlatformSpec } from "../../spec/schema/platform.js";
import { platformComponentLabels } from "../labels.js";
import { modelObject } from "../model-object.js";
import { SYNC_OPTIONS, SYNC_RETRY } from "./application-template.js";

export interface RootApplicationProps {
  readonly platform: PlatformSpec;
  readonly settings: GitOpsSettings;
}

export class RootApplication extends Construct {
  constructor(scope: Construct, id: string, props: RootApplicationProps) {
    super(scope, id);
    const { platform, settings } = props;
    modelObject<IApplication>(this, "application", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: {
        name: rootApplicationName(platform.name),
        namespace: settings.argocdNamespace,
        labels: platformComponentLabels(platform, "gitops"),
      },
      spec: {
        project: gitopsProject(settings),
        source: { repoURL: settings.repoURL, ...argoCdSource(settings) },
        destination: { server: IN_CLUSTER_SERVER, namespace: settings.argocdNamespace },
        syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: SYNC_OPTIONS, retry: SYNC_RETRY },
        revisionHistoryLimit: 10,
      },
    });
  }
}

export function rootApplicationName(platformName: string): string {
  return `${platformName}-argocd`;
}
