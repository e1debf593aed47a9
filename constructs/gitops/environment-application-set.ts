// An environment deployed to a fleet: one Argo CD ApplicationSet per part of its output, whose
// cluster generator makes one Application per cluster carrying the fleet's labels. Each is the
// Application the environment would have on a listed cluster, named `<platform>-<env>-<cluster>`.
// Deleting the ApplicationSet, or a cluster leaving the fleet, deletes that Application but never
// what it deployed (preserveResourcesOnDeletion), as no Application of slipway's cascades.
import type { IApplicationSet } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet";
import { Construct } from "constructs";
import { environmentApplication, type GitOpsSettings } from "../../gitops/targets.js";
import type { FleetSpec } from "../../spec/schema/environment.js";
import { modelObject } from "../model-object.js";
import { applicationTemplate, partApplicationName, type RenderedEnvironmentOutput } from "./application-template.js";
import type { OutputPart } from "./rendered-output.js";

export interface EnvironmentApplicationSetProps {
  readonly settings: GitOpsSettings;
  readonly environment: RenderedEnvironmentOutput;
  readonly fleet: FleetSpec;
  /** The part of the environment's output its Applications sync. */
  readonly part: OutputPart;
}

/** The cluster generator's parameter holding the Argo CD cluster name (Go template syntax). */
export const CLUSTER_NAME_PARAMETER = "{{.name}}";

export class EnvironmentApplicationSet extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentApplicationSetProps) {
    super(scope, id);
    const { settings, environment, fleet, part } = props;
    const base = environmentApplication(environment.spec.platform.name, environment.spec.name);
    const template = applicationTemplate(settings, environment.spec, part, { name: CLUSTER_NAME_PARAMETER });
    modelObject<IApplicationSet>(this, "application-set", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "ApplicationSet",
      metadata: { name: partApplicationName(base, part), namespace: settings.argocdNamespace, labels: template.metadata.labels },
      spec: {
        goTemplate: true,
        // A parameter the generator does not set is an error, not an empty string in a name.
        goTemplateOptions: ["missingkey=error"],
        generators: [{ clusters: { selector: { matchLabels: fleet.clusters } } }],
        template: { metadata: { name: partApplicationName(`${base}-${CLUSTER_NAME_PARAMETER}`, part), ...template.metadata }, spec: template.spec },
        syncPolicy: { preserveResourcesOnDeletion: true },
      },
    });
  }
}
