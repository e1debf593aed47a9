// One Argo CD AppProject per environment, least privilege computed from that environment's rendered
// output: the output repository as the only source, the environment's namespaces on each of its
// clusters as the only destinations, exactly the kinds rendered there as the only resources its
// Applications may manage, and the environment's sync windows. A mistake in dev's spec cannot reach
// production's clusters.
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import { applicationTargets, environmentProject, type GitOpsSettings } from "../../gitops/targets.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { compareStrings } from "../../spec/order.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";
import type { RenderedEnvironmentOutput } from "./environment-application.js";
import { renderedKinds, renderedNamespaces } from "./rendered-output.js";
import { PROJECT_SYNC_WAVE } from "./sync-waves.js";

export interface EnvironmentAppProjectProps {
  readonly settings: GitOpsSettings;
  /** The environment with its rendered objects. */
  readonly environment: RenderedEnvironmentOutput;
}

export class EnvironmentAppProject extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentAppProjectProps) {
    super(scope, id);
    const { settings, environment } = props;
    const kinds = renderedKinds(environment.objects);
    modelObject<IAppProject>(this, "project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: {
        name: environmentProject(settings, environment.spec.name),
        namespace: settings.argocdNamespace,
        labels: objectLabels(platformIdentity(environment.spec, "gitops"), environment.spec),
        annotations: PROJECT_SYNC_WAVE,
      },
      spec: {
        description: `${environment.spec.platform.name} ${environment.spec.name}: manifests rendered by slipway`,
        sourceRepos: [settings.repoURL],
        destinations: projectDestinations(environment),
        clusterResourceWhitelist: kinds.clusterScoped,
        namespaceResourceWhitelist: kinds.namespaced,
        ...(environment.spec.gitops.syncWindows.length === 0 ? {} : { syncWindows: syncWindows(environment.spec) }),
      },
    });
  }
}

/** The environment's rendered namespaces on each cluster it deploys to, sorted and distinct. */
export function projectDestinations({ spec, objects }: RenderedEnvironmentOutput): { server: string; namespace: string }[] {
  const destinations = new Map<string, { server: string; namespace: string }>();
  for (const { server } of applicationTargets(spec)) {
    for (const namespace of renderedNamespaces(objects)) destinations.set(`${server} ${namespace}`, { server, namespace });
  }
  return [...destinations.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, destination]) => destination);
}

/** The environment's sync windows, over every Application of its project. */
function syncWindows(spec: EnvironmentSpec) {
  return spec.gitops.syncWindows.map(({ kind, schedule, duration, timeZone, manualSync }) => ({ kind, schedule, duration, applications: ["*"], manualSync, ...(timeZone === undefined ? {} : { timeZone }) }));
}
