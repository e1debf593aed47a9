// argocd/: the platform's AppProject and one Application per environment and cluster, computed
// from every environment's rendered objects.
import { App, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { applicationTargets, type GitOpsSettings } from "../../gitops/targets.js";
import type { PlatformSpec } from "../../spec/schema/platform.js";
import type { KubeObject } from "../synth.js";
import { EnvironmentApplication, type RenderedEnvironmentOutput } from "./environment-application.js";
import { PlatformAppProject } from "./platform-app-project.js";

export interface ArgoCdChartProps {
  readonly platform: PlatformSpec;
  readonly settings: GitOpsSettings;
  readonly environments: readonly RenderedEnvironmentOutput[];
}

export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { platform, settings, environments } = props;
    new PlatformAppProject(this, "project", { platform, settings, environments });
    for (const environment of environments) {
      for (const target of applicationTargets(environment.spec)) new EnvironmentApplication(this, target.name, { settings, environment, target });
    }
  }
}

export function synthArgoCd(props: ArgoCdChartProps): KubeObject[] {
  return new ArgoCdChart(new App(), "argocd", props).toJson() as KubeObject[];
}
