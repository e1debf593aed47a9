// The platform's Argo CD AppProject, least privilege computed from the rendered output: the output
// repository as the only source, each environment's namespaces on each of its clusters as the only
// destinations, and exactly the kinds rendered as the only resources it may manage.
import type { IAppProject } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject";
import { Construct } from "constructs";
import { applicationTargets, type GitOpsSettings } from "../../gitops/targets.js";
import { compareStrings } from "../../spec/order.js";
import type { PlatformSpec } from "../../spec/schema/platform.js";
import { platformLabels } from "../labels.js";
import { modelObject } from "../model-object.js";
import { renderedKinds, renderedNamespaces } from "./rendered-output.js";
import type { RenderedEnvironmentOutput } from "./environment-application.js";

export interface PlatformAppProjectProps {
  readonly platform: PlatformSpec;
  readonly settings: GitOpsSettings;
  /** Every environment with its rendered objects. */
  readonly environments: readonly RenderedEnvironmentOutput[];
}

export class PlatformAppProject extends Construct {
  constructor(scope: Construct, id: string, props: PlatformAppProjectProps) {
    super(scope, id);
    const { platform, settings, environments } = props;
    const allObjects = environments.flatMap(({ objects }) => objects);
    const kinds = renderedKinds(allObjects);
    modelObject<IAppProject>(this, "project", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: {
        name: settings.project,
        namespace: settings.argocdNamespace,
        labels: platformLabels({ name: platform.name, version: platform.version, component: "gitops" }, platform),
      },
      spec: {
        description: `${platform.name}: manifests rendered by slipway`,
        sourceRepos: [settings.repoURL],
        destinations: projectDestinations(environments),
        clusterResourceWhitelist: kinds.clusterScoped,
        namespaceResourceWhitelist: kinds.namespaced,
      },
    });
  }
}

/** Each environment's rendered namespaces on each cluster it deploys to, sorted and distinct. */
export function projectDestinations(environments: readonly RenderedEnvironmentOutput[]): { server: string; namespace: string }[] {
  const destinations = new Map<string, { server: string; namespace: string }>();
  for (const { spec, objects } of environments) {
    for (const { server } of applicationTargets(spec)) {
      for (const namespace of renderedNamespaces(objects)) destinations.set(`${server} ${namespace}`, { server, namespace });
    }
  }
  return [...destinations.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, destination]) => destination);
}
