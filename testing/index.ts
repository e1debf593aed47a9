// `slipway/testing`: helpers for a platform repository's own tests — render the config in memory
// exactly as `slipway synth` would (nothing written), find objects, and assert that the gate found
// nothing. Framework-agnostic: a failed assertion throws an Error that says what was found.
import * as yaml from "js-yaml";
import { render } from "../cli/render.js";
import type { KubeObject } from "../constructs/synth.js";
import { type Finding, formatFinding } from "../validate/finding.js";

export type { Finding, KubeObject };

export interface RenderPlatformOptions {
  /** Render only these environments (argocd/ is then not rendered). @default every environment */
  readonly environments?: readonly string[];
  /** Check the PrometheusRules with promtool when it is installed. @default true */
  readonly promtool?: boolean;
  /** Strict schema directory. @default the schemas shipped with slipway */
  readonly schemas?: string;
}

/** A rendered directory: dist/<env>/ or argocd/. */
export interface RenderedDirectory {
  readonly name: string;
  /** Path → content, exactly the files `slipway synth` writes. */
  readonly files: ReadonlyMap<string, string>;
  /** The objects of the directory's manifest files (its kustomization.yaml and READMEs aside). */
  readonly objects: readonly KubeObject[];
  /** What the validation gate found in the directory. */
  readonly findings: readonly Finding[];
}

export interface RenderedPlatform {
  readonly environments: readonly RenderedDirectory[];
  /** argocd/, when the platform declares gitops and every environment was rendered. */
  readonly argocd?: RenderedDirectory;
  /** Every finding: each directory's and promtool's. */
  readonly findings: readonly Finding[];
  /** What could not be checked (e.g. promtool not installed). */
  readonly notices: readonly string[];
}

/** Renders a config directory or file in memory. @throws SpecError naming each problem of the config */
export async function renderPlatform(config = "environments", options: RenderPlatformOptions = {}): Promise<RenderedPlatform> {
  const rendering = await render({ config, ...options });
  const environments = rendering.environments.map(({ name, files, findings }) => directory(name, files!, findings));
  const argocd = rendering.argocd === undefined ? undefined : directory("argocd", rendering.argocd.files, rendering.argocd.findings);
  return { environments, ...(argocd === undefined ? {} : { argocd }), findings: rendering.findings, notices: rendering.notices };
}

function directory(name: string, files: ReadonlyMap<string, string>, findings: readonly Finding[]): RenderedDirectory {
  const objects = [...files]
    .filter(([path]) => /\.ya?ml$/.test(path) && !/(^|\/)kustomization\.ya?ml$/.test(path))
    .flatMap(([, content]) => yaml.loadAll(content) as KubeObject[])
    .filter((object) => object !== null && object !== undefined);
  return { name, files, objects, findings: findings.filter((finding) => finding.environment === name) };
}

/** The rendered environment named `name`. @throws naming the environments that were rendered */
export function environment(rendered: RenderedPlatform, name: string): RenderedDirectory {
  const found = rendered.environments.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no environment ${name}; rendered: ${rendered.environments.map((candidate) => candidate.name).join(", ")}`);
  return found;
}

/** Every object of `kind` (and, when given, in `namespace`). */
export function findObjects(source: RenderedDirectory | readonly KubeObject[], kind: string, namespace?: string): KubeObject[] {
  return objectsOf(source).filter((object) => object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace));
}

/** The object of `kind` named `name` (in `namespace`, when given). @throws naming the objects of that kind there are */
export function findObject(source: RenderedDirectory | readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const candidates = findObjects(source, kind, namespace);
  const found = candidates.filter((object) => object.metadata.name === name);
  if (found.length === 1) return found[0]!;
  const names = candidates.map(({ metadata }) => (metadata.namespace === undefined ? metadata.name : `${metadata.namespace}/${metadata.name}`));
  if (found.length > 1) throw new Error(`${found.length} ${kind} objects are named ${name} (${names.join(", ")}): name the namespace`);
  throw new Error(`no ${kind} ${namespace === undefined ? "" : `${namespace}/`}${name}; the ${kind} objects are: ${names.join(", ") || "none"}`);
}

export interface NoFindingsOptions {
  /** Whether warnings fail the assertion too. @default true */
  readonly warnings?: boolean;
}

/** @throws listing every finding (or every error, with `warnings: false`) of a render or a rendered directory */
export function assertNoFindings(source: { readonly findings: readonly Finding[] }, options: NoFindingsOptions = {}): void {
  const failing = source.findings.filter((finding) => options.warnings !== false || finding.severity === "error");
  if (failing.length === 0) return;
  throw new Error(`${failing.length} finding(s):\n${failing.map((finding) => `  ${finding.severity}: ${formatFinding(finding)}`).join("\n")}`);
}

function objectsOf(source: RenderedDirectory | readonly KubeObject[]): readonly KubeObject[] {
  return "objects" in source ? source.objects : source;
}
