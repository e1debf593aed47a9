// The construct library's entry: one environment of a slipway config as a cdk8s Chart that any
// cdk8s App can hold beside its own charts. It renders what `slipway synth` renders for the
// environment (patches applied, extra manifests included) and validates it on app.synth() with
// the same gate: strict schemas, policy and cross-object rules.
import { ApiObject, Chart } from "cdk8s";
import type { Construct } from "constructs";
import { applyPatches, patchIssue, patchProblemsOf } from "../render/apply-patches.js";
import { objectPath } from "../render/layout.js";
import type { ConfigFile } from "../spec/define.js";
import { buildGraph } from "../spec/graph.js";
import { SpecError } from "../spec/issues.js";
import type { ConfigSource } from "../spec/load.js";
import { resolveEnvironments } from "../spec/resolve.js";
import { resolveConfig } from "../spec/resolve-config.js";
import type { EnvironmentSpec } from "../spec/schema/environment-spec.js";
import { type Finding, formatFinding } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import { SchemaCatalog } from "../validate/schema.js";
import { withArgoCdAnnotations } from "./gitops/argocd-annotations.js";
import { PlatformChart } from "./platform-chart.js";
import type { KubeObject } from "./synth.js";

/** A config read from its directory or file, with the manifest directories and config files it names: `await loadConfig(path)`. */
export type LoadedConfig = ConfigSource;

export interface SlipwayEnvironmentProps {
  /**
   * The whole config — platform, services, databases and environments — as `defineConfig` takes
   * it, or as `loadConfig` read it from disk (needed when it names manifest directories or config
   * files by path).
   */
  readonly config: ConfigFile | LoadedConfig;
  /** The environment of `config.environments` to render. */
  readonly environment: string;
  /** The name problems in an in-memory `config` are reported under (a loaded one names its files). @default "config" */
  readonly file?: string;
  /** Strict schema directory (as `slipway validate --schemas`). @default the schemas shipped with slipway */
  readonly schemas?: string;
}

export class SlipwayEnvironment extends PlatformChart {
  /** The environment as resolved: every default applied. */
  readonly spec: EnvironmentSpec;
  private readonly schemas: string | undefined;
  private validated: readonly Finding[] | undefined;

  /** @throws SpecError listing every problem of the config, each with its field path and fix */
  constructor(scope: Construct, id: string, props: SlipwayEnvironmentProps) {
    const spec = resolvedEnvironment(props);
    super(scope, id, { environment: spec, graph: buildGraph(spec) });
    this.spec = spec;
    this.schemas = props.schemas;
    this.node.addValidation({ validate: () => this.findings.filter(({ severity }) => severity === "error").map((finding) => formatFinding(finding)) });
  }

  /** The rendered objects: the chart's, then the extra manifests', with the environment's patches applied. */
  override toJson(): any[] {
    return this.completed(super.toJson() as KubeObject[]);
  }

  /** What the validation gate finds in the rendered objects (errors fail app.synth(); warnings do not). */
  get findings(): readonly Finding[] {
    if (this.validated !== undefined) return this.validated;
    // The chart's objects as toJson() has them, without the app-wide validation toJson() runs first.
    const own = this.node.findAll().filter((child): child is ApiObject => child instanceof ApiObject && Chart.of(child) === this);
    this.validated = runGate(
      this.spec.name,
      this.completed(own.map((object) => object.toJson() as KubeObject)).map((object) => ({ object, file: objectPath(object) })),
      { profile: "restricted", schemas: SchemaCatalog.load(this.schemas), prometheusSelector: this.spec.prometheus.operator ? this.spec.prometheus.selector : undefined },
    );
    return this.validated;
  }

  /** The chart's objects with the extra manifests' and the patches applied. @throws SpecError naming each patch that failed or found no target, at its field */
  private completed(chartObjects: readonly KubeObject[]): KubeObject[] {
    const extra = (this.spec.manifestObjects ?? []).map(({ object }) => object as KubeObject);
    const objects = [...chartObjects, ...(this.spec.platform.gitops === undefined ? extra : extra.map(withArgoCdAnnotations))];
    const patched = applyPatches(objects, this.spec.patches);
    const problems = patchProblemsOf(this.spec, new Set(patched.applied), patched.problems);
    if (problems.length > 0) throw new SpecError(problems.map((problem) => patchIssue(this.spec, problem)));
    return [...patched.objects];
  }
}

function resolvedEnvironment(props: SlipwayEnvironmentProps): EnvironmentSpec {
  const { config, environment } = props;
  const loaded = "catalog" in config;
  const names = loaded ? config.environments.map(({ name }) => name) : Object.keys(config.environments ?? {});
  const where = loaded ? config.catalog.file : (props.file ?? "config");
  if (!names.includes(environment)) throw new Error(`${where}: no environment "${environment}"; the config defines ${names.join(", ") || "none"}`);
  const resolved = loaded
    ? resolveEnvironments({ ...config, environments: config.environments.filter(({ name }) => name === environment) })
    : resolveConfig({ ...config, environments: { [environment]: config.environments[environment]! } }, props.file);
  return resolved[0]!;
}
