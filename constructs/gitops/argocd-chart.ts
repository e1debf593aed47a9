// argocd/: an AppProject per environment and one Application per environment and cluster,
// computed from each environment's rendered objects.
import { App, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { applicationTargets, type GitOpsSettings } from "../../gitops/targets.js";
import type { KubeObject } from "../synth.js";
import { EnvironmentApplication, type RenderedEnvironmentOutput } from "./environment-application.js";
import { EnvironmentAppProject } from "./environment-app-project.js";

export interface ArgoCdChartProps {
  readonly settings: GitOpsSettings;
  readonly environments: readonly RenderedEnvironmentOutput[];
}

export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { settings, environments } = props;
    for (const environment of environments) {
      new EnvironmentAppProject(this, `${environment.spec.name}-project`, { settings, environment });
      for (const target of applicationTargets(environment.spec)) new EnvironmentApplication(this, target.name, { settings, environment, target });
    }
  }
}

export function synthArgoCd(props: ArgoCdChartProps): KubeObject[] {
  return new ArgoCdChart(new App(), "argocd", props).toJson() as KubeObject[];
}
