// One Argo CD Application per cluster an environment deploys to and part of its output (see
// application-template.ts for what it syncs and how).
import type { IApplication } from "@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application";
import { Construct } from "constructs";
import type { ApplicationTarget, GitOpsSettings } from "../../gitops/targets.js";
import { modelObject } from "../model-object.js";
import { applicationTemplate, partApplicationName, type RenderedEnvironmentOutput } from "./application-template.js";
import type { OutputPart } from "./rendered-output.js";

export interface EnvironmentApplicationProps {
  readonly settings: GitOpsSettings;
  readonly environment: RenderedEnvironmentOutput;
  /** The part of the environment's output this Application syncs. */
  readonly part: OutputPart;
  readonly target: ApplicationTarget;
}

export class EnvironmentApplication extends Construct {
  constructor(scope: Construct, id: string, props: EnvironmentApplicationProps) {
    super(scope, id);
    const { settings, target, part, environment } = props;
    const template = applicationTemplate(settings, environment.spec, part, { server: target.server });
    modelObject<IApplication>(this, "application", {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: partApplicationName(target.name, part), namespace: settings.argocdNamespace, ...template.metadata },
      spec: template.spec,
    });
  }
}
