// argocd/: an AppProject per environment and one Application per environment and cluster (or, for
// a fleet, one ApplicationSet), each again for every namespace the environment renders into without
// owning it, computed from each environment's rendered objects, and the root Application (with its project)
// that syncs argocd/ itself from the output repository.
import { App, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { applicationTargets, type GitOpsSettings } from "../../gitops/targets.js";
import type { PlatformSpec } from "../../spec/schema/platform.js";
import type { KubeObject } from "../synth.js";
import type { RenderedEnvironmentOutput } from "./application-template.js";
import { EnvironmentApplication } from "./environment-application.js";
import { EnvironmentApplicationSet } from "./environment-application-set.js";
import { EnvironmentAppProject } from "./environment-app-project.js";
import { GitOpsAppProject } from "./gitops-app-project.js";
import { outputParts } from "./rendered-output.js";
import { RootApplication } from "./root-application.js";

export interface ArgoCdChartProps {
  readonly platform: PlatformSpec;
  readonly settings: GitOpsSettings;
  readonly environments: readonly RenderedEnvironmentOutput[];
}

export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { platform, settings, environments } = props;
    new GitOpsAppProject(this, "gitops-project", { platform, settings, applicationSets: environments.some(({ spec }) => spec.fleet !== undefined) });
    new RootApplication(this, "root", { platform, settings });
    for (const environment of environments) {
      const { fleet } = environment.spec;
      for (const part of outputParts(environment.objects)) {
        const suffix = part.namespace === undefined ? "" : `-${part.namespace}`;
        new EnvironmentAppProject(this, `${environment.spec.name}${suffix}-project`, { settings, environment, part });
        if (fleet !== undefined) new EnvironmentApplicationSet(this, `${environment.spec.name}${suffix}-fleet`, { settings, environment, fleet, part });
        else for (const target of applicationTargets(environment.spec)) new EnvironmentApplication(this, `${target.name}${suffix}`, { settings, environment, part, target });
      }
    }
  }
}

export function synthArgoCd(props: ArgoCdChartProps): KubeObject[] {
  return new ArgoCdChart(new App(), "argocd", props).toJson() as KubeObject[];
}
