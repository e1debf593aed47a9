// The AppProject of the root Application: argocd/ synced from the output repository may create and
// change only AppProjects and Applications (and ApplicationSets, for fleets), only in Argo CD's own
// namespace on its own cluster.
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import { gitopsProject, type GitOpsSettings, IN_CLUSTER_SERVER } from "../../gitops/targets.js";
import type { PlatformSpec } from "../../spec/schema/platform.js";
import { platformComponentLabels } from "../labels.js";
import { modelObject } from "../model-object.js";
import { PROJECT_SYNC_WAVE } from "./sync-waves.js";

export interface GitOpsAppProjectProps {
  readonly platform: PlatformSpec;
  readonly settings: GitOpsSettings;
  /** argocd/ holds ApplicationSets (an environment deploys to a fleet). @default false */
  readonly applicationSets?: boolean;
}

export const ARGO_CD_KINDS = [
  { group: "argoproj.io", kind: "AppProject" },
  { group: "argoproj.io", kind: "Application" },
];

export const APPLICATION_SET_KIND = { group: "argoproj.io", kind: "ApplicationSet" };

export class GitOpsAppProject extends Construct {
  constructor(scope: Construct, id: string, props: GitOpsAppProjectProps) {
    super(scope, id);
    const { platform, settings } = props;
    modelObject<IAppProject>(this, "project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: {
        name: gitopsProject(settings),
        namespace: settings.argocdNamespace,
        labels: platformComponentLabels(platform, "gitops"),
        annotations: PROJECT_SYNC_WAVE,
      },
      spec: {
        description: `${platform.name}: argocd/ (the projects and Applications) synced from the output repository`,
        sourceRepos: [settings.repoURL],
        destinations: [{ server: IN_CLUSTER_SERVER, namespace: settings.argocdNamespace }],
        namespaceResourceWhitelist: props.applicationSets === true ? [...ARGO_CD_KINDS, APPLICATION_SET_KIND] : ARGO_CD_KINDS,
      },
    });
  }
}
