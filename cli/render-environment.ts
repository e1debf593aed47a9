// One environment rendered: spec → graph → objects → validation findings → files. An environment
// renders whole, or in shards on several threads (render-worker.ts) that one thread completes.
import { type KubeObject, type Shard, synthEnvironmentParts, WHOLE_ENVIRONMENT } from "../constructs/synth.js";
import { applyPatches, type PatchProblem, patchIssue, patchProblemsOf } from "../render/apply-patches.js";
import { SpecError, type SpecIssue } from "../spec/issues.js";
import { withArgoCdAnnotations } from "../constructs/gitops/argocd-annotations.js";
import { graphReadme } from "../render/graph-readme.js";
import { recoveryReadme } from "../render/recovery-readme.js";
import { emitIndexFiles, type FileSink, inPathOrder, ObjectFiles, objectPath, README_FILE } from "../render/layout.js";
import { emitManifests } from "../render/manifest-layout.js";
import { finishStaging, type StagedFiles, type StagingSummary, type StagingTarget, StagingWriter } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { buildGraph } from "../spec/graph.js";
import { isAutoscaler } from "../validate/autoscalers.js";
import { crossObjectView, runCrossObject } from "../validate/cross-object/index.js";
import type { Finding, LocatedObject } from "../validate/finding.js";
import { objectFindings } from "../validate/gate.js";
import { findPromtool, type RulesFile, rulesFiles } from "../validate/promtool.js";
import { PromtoolVerdicts } from "../validate/promtool-verdicts.js";
import type { SchemaCatalog } from "../validate/schema.js";
import { countObjects, timed } from "./stages.js";

export interface RenderedOutput {
  readonly name: string;
  /** Path → content, unless the files were staged to disk as they were rendered (RenderOptions.stageInto). */
  readonly files?: ReadonlyMap<string, string>;
  /** What was staged, when the files were: for commitOutput's output index. */
  readonly staged?: StagedFiles;
  readonly fileCount: number;
  /**
   * What argocd/ is computed from: each object's apiVersion, kind, name and namespace, and an
   * HPA's scale target. The full objects are dropped once serialized.
   */
  readonly inventory: readonly KubeObject[];
  readonly objectCount: number;
  readonly findings: readonly Finding[];
  /** The PrometheusRules' rule files, for promtool. */
  readonly rules: readonly RulesFile[];
}

/** A shard of an environment, rendered: what completeEnvironment needs of it. */
export interface RenderedShard {
  /** Path → content of the objects' files, unless they were staged. */
  readonly files?: ReadonlyMap<string, string>;
  /** What was staged, when the files were. */
  readonly staged?: StagingSummary;
  /** The objects' files, for the kustomization. */
  readonly paths: readonly string[];
  readonly inventory: readonly KubeObject[];
  /** Each object on its own: model, strict schema and policy rules. */
  readonly findings: readonly Finding[];
  readonly rules: readonly RulesFile[];
  /** What the cross-object rules need of each object (crossObjectView). */
  readonly related: readonly LocatedObject[];
  /** Indices of the patches whose target is in this shard, and what went wrong applying them. */
  readonly patches: { readonly applied: readonly number[]; readonly problems: readonly PatchProblem[] };
}

/** An environment rendered whole on this thread. @param staging write the files there instead of returning them */
export function renderEnvironment(environment: EnvironmentSpec, schemas: SchemaCatalog, staging?: StagingTarget): RenderedOutput {
  const graph = timed("synth", () => buildGraph(environment));
  return completeEnvironment(environment, [renderShard(environment, WHOLE_ENVIRONMENT, schemas, staging, graph)], staging, graph);
}

/**
 * Renders a shard of an environment part by part (synthEnvironmentParts): each part's objects are
 * validated on their own, serialized and dropped, keeping only what the cross-object rules,
 * argocd/ and promtool need of them. Serialized and staged file by file, so the text is never held
 * whole; comparing with the current output and writing count in "serialize".
 * @param staging write the files there instead of returning them
 */
export function renderShard(environment: EnvironmentSpec, shard: Shard, schemas: SchemaCatalog, staging?: StagingTarget, graph = timed("synth", () => buildGraph(environment))): RenderedShard {
  // The single-manifest layout needs every object's document before it writes one: kept in memory.
  const memory = staging === undefined || environment.platform.output === "manifest" ? new Map<string, string>() : undefined;
  const writer = memory === undefined ? new StagingWriter(staging!) : undefined;
  const files = new ObjectFiles(memory === undefined ? writer!.add : (path, content) => memory.set(path, content));
  // slipway's own pods always meet "restricted", even where a namespace enforces only "baseline".
  const gate = { profile: "restricted" as const, schemas };
  const findings: Finding[] = [];
  const related: LocatedObject[] = [];
  const inventory: KubeObject[] = [];
  const rules: RulesFile[] = [];
  const verdicts = PromtoolVerdicts.for(findPromtool());
  const applied: number[] = [];
  const patchProblems: PatchProblem[] = [];
  const parts = withExtraManifests(synthEnvironmentParts(environment, graph, shard), environment, shard);
  for (let part = timed("synth", () => parts.next()); part.done !== true; part = timed("synth", () => parts.next())) {
    // Patched before validation: a patch cannot make an invalid object land.
    const patched = timed("synth", () => applyPatches(part.value, environment.patches));
    applied.push(...patched.applied);
    patchProblems.push(...patched.problems);
    const located = patched.objects.map((object) => ({ object, file: objectPath(object) }));
    for (const finding of timed("validate", () => objectFindings(environment.name, located, gate))) findings.push(finding);
    for (const file of timed("promtool", () => rulesFiles(environment.name, patched.objects, verdicts))) rules.push(file);
    timed("serialize", () => {
      for (const { object, file } of located) {
        files.add(object, file);
        inventory.push(inventoryEntry(object));
        related.push({ object: crossObjectView(object), file });
      }
    });
  }
  const output = { paths: files.paths, inventory, findings, rules, related, patches: { applied, problems: patchProblems } };
  return memory === undefined ? { ...output, staged: writer!.summary() } : { ...output, files: memory };
}

/**
 * The synthesized parts, and in the first shard the extra manifests' objects as one more part:
 * from here on they are rendered objects like any other (patched, validated, written, listed).
 */
function* withExtraManifests(parts: Generator<KubeObject[]>, environment: EnvironmentSpec, shard: Shard): Generator<KubeObject[]> {
  yield* parts;
  const extra = environment.manifestObjects ?? [];
  if (shard.index !== 0 || extra.length === 0) return;
  const gitops = environment.platform.gitops !== undefined;
  yield extra.map(({ object }) => (gitops ? withArgoCdAnnotations(object as KubeObject) : (object as KubeObject)));
}

/**
 * An environment from all its shards, in shard order: the cross-object rules over every object,
 * the kustomization and README, and (when staged) the unchanged files linked in.
 */
export function completeEnvironment(environment: EnvironmentSpec, shards: readonly RenderedShard[], staging?: StagingTarget, graph = buildGraph(environment)): RenderedOutput {
  const applied = new Set(shards.flatMap((shard) => shard.patches.applied));
  const patchProblems = patchProblemsOf(environment, applied, shards.flatMap((shard) => shard.patches.problems));
  const inputIssues = [...patchProblems.map((problem) => patchIssue(environment, problem)), ...duplicateObjects(environment, shards)];
  if (inputIssues.length > 0) throw new SpecError(inputIssues);
  const related = shards.flatMap((shard) => shard.related);
  countObjects(related.length);
  const prometheusSelector = environment.prometheus.operator ? environment.prometheus.selector : undefined;
  const crossObject = timed("validate", () => runCrossObject(environment.name, related, { prometheusSelector }));
  const rendered = {
    name: environment.name,
    findings: [...shards.flatMap((shard) => shard.findings), ...crossObject],
    objectCount: related.length,
    inventory: shards.flatMap((shard) => shard.inventory),
    rules: shards.flatMap((shard) => shard.rules),
  };
  const paths = shards.flatMap((shard) => shard.paths);
  const documents = { [README_FILE]: graphReadme(environment, graph) + recoveryReadme(environment) };
  const manifest = environment.platform.output === "manifest";
  const objectFiles = manifest ? new Map(shards.flatMap((shard) => [...shard.files!])) : undefined;
  // files: the objects' files were emitted already, the kustomization and documents complete them; manifest: all of it is emitted here.
  const emit = (sink: FileSink) => {
    if (objectFiles === undefined) return emitIndexFiles(paths, documents, sink);
    emitManifests(rendered.inventory, objectFiles, sink);
    for (const [path, content] of Object.entries(documents)) sink(path, content);
  };
  if (staging === undefined) {
    const files = manifest ? new Map<string, string>() : new Map(shards.flatMap((shard) => [...(shard.files ?? [])]));
    timed("serialize", () => emit((path, content) => files.set(path, content)));
    return { ...rendered, files: inPathOrder(files), fileCount: files.size };
  }
  const writer = new StagingWriter(staging);
  timed("serialize", () => emit(writer.add));
  const summaries = [...(manifest ? [] : shards.map((shard) => shard.staged!)), writer.summary()];
  const staged = timed("write", () => finishStaging(staging, summaries));
  return { ...rendered, staged, fileCount: staged.count };
}

/** An extra manifest's object that is also rendered by slipway, or in another manifest: named with both sources. */
function duplicateObjects(environment: EnvironmentSpec, shards: readonly RenderedShard[]): SpecIssue[] {
  const extra = environment.manifestObjects ?? [];
  if (extra.length === 0) return [];
  const key = (object: { kind: string; metadata: { name: string; namespace?: string } }) => `${object.kind} ${object.metadata.namespace === undefined ? "" : `${object.metadata.namespace}/`}${object.metadata.name}`;
  const count = new Map<string, number>();
  for (const object of shards.flatMap((shard) => shard.inventory)) count.set(key(object), (count.get(key(object)) ?? 0) + 1);
  const files = new Map<string, string[]>();
  for (const { file, object } of extra) files.set(key(object as KubeObject), [...(files.get(key(object as KubeObject)) ?? []), file]);
  return [...files].flatMap(([name, sources]) => {
    const rendered = count.get(name)! - sources.length;
    if (rendered === 0 && sources.length === 1) return [];
    const others = [...(rendered > 0 ? ["slipway's own render"] : []), ...sources.slice(1)];
    return [{ file: sources[0]!, path: "", message: `${name} is also in ${others.join(" and ")}: an object has one source; rename or remove one (a change to a rendered object is a patch)` }];
  });
}

/** What argocd/ needs of an object: its identity, and an autoscaler's target (Argo CD leaves that Deployment's replicas to it). */
function inventoryEntry(object: KubeObject): KubeObject {
  const { name, namespace } = object.metadata;
  const identity = { apiVersion: object.apiVersion, kind: object.kind, metadata: namespace === undefined ? { name } : { name, namespace } };
  const target = isAutoscaler(object) ? (object.spec as { scaleTargetRef?: unknown } | undefined)?.scaleTargetRef : undefined;
  return target === undefined ? identity : { ...identity, spec: { scaleTargetRef: target } };
}
