// One Argo CD AppProject per part of an environment's output (its own namespaces, and each
// namespace it renders into without owning it), least privilege computed from that part's rendered
// objects: the output repository as the only source, the part's namespaces on each of the
// environment's clusters as the only destinations, exactly the kinds rendered there as the only
// resources its Applications may manage, and the environment's sync windows. A mistake in dev's spec
// cannot reach production's clusters, nor put anything but a Certificate into istio-system.
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import { applicationTargets, environmentProject, type GitOpsSettings } from "../../gitops/targets.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { compareStrings } from "../../spec/order.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";
import type { RenderedEnvironmentOutput } from "./application-template.js";
import { type OutputPart, renderedKinds, renderedNamespaces } from "./rendered-output.js";
import { PROJECT_SYNC_WAVE } from "./sync-waves.js";

export interface EnvironmentAppProjectProps {
  readonly settings: GitOpsSettings;
  /** The environment with its rendered objects. */
  readonly environment: RenderedEnvironmentOutput;
  /** The part of its output this project grants. */
  readonly part: OutputPart;
}

export class EnvironmentAppProject extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentAppProjectProps) {
    super(scope, id);
    const { settings, environment, part } = props;
    const kinds = renderedKinds(part.objects);
    modelObject<IAppProject>(this, "project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: {
        name: environmentProject(settings, environment.spec.name, part.namespace),
        namespace: settings.argocdNamespace,
        labels: objectLabels(platformIdentity(environment.spec, "gitops"), environment.spec),
        annotations: PROJECT_SYNC_WAVE,
      },
      spec: {
        description: `${environment.spec.platform.name} ${environment.spec.name}${part.namespace === undefined ? "" : ` in ${part.namespace}`}: manifests rendered by slipway`,
        sourceRepos: [settings.repoURL],
        destinations: projectDestinations(environment.spec, part.objects),
        clusterResourceWhitelist: kinds.clusterScoped,
        namespaceResourceWhitelist: kinds.namespaced,
        ...(environment.spec.gitops.syncWindows.length === 0 ? {} : { syncWindows: syncWindows(environment.spec) }),
      },
    });
  }
}

/** The namespaces of the objects on each cluster the environment deploys to (a fleet's: by cluster name pattern), sorted and distinct. */
export function projectDestinations(spec: EnvironmentSpec, objects: RenderedEnvironmentOutput["objects"]): ({ server: string; namespace: string } | { name: string; namespace: string })[] {
  if (spec.fleet !== undefined) return renderedNamespaces(objects).map((namespace) => ({ name: spec.fleet!.names, namespace }));
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
