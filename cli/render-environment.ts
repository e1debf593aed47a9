// One environment rendered in memory: spec → graph → objects → validation findings → files. Runs
// on the main thread or in a worker (render-worker.ts); its result crosses threads as plain data.
import { type KubeObject, synthEnvironment } from "../constructs/synth.js";
import { graphReadme } from "../render/graph-readme.js";
import { emitEnvironment, layoutEnvironment, objectPath } from "../render/layout.js";
import { type StagingTarget, StagingWriter } from "../render/write.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { buildGraph } from "../spec/graph.js";
import type { Finding } from "../validate/finding.js";
import { runGate } from "../validate/gate.js";
import { type RulesFile, rulesFiles } from "../validate/promtool.js";
import type { SchemaCatalog } from "../validate/schema.js";
import { countObjects, timed } from "./stages.js";

export interface RenderedOutput {
  readonly name: string;
  /** Path → content, unless the files were staged to disk as they were rendered (RenderOptions.stageInto). */
  readonly files?: ReadonlyMap<string, string>;
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

/** @param staging write the files there instead of returning them */
export function renderEnvironment(environment: EnvironmentSpec, schemas: SchemaCatalog, staging?: StagingTarget): RenderedOutput {
  const graph = timed("synth", () => buildGraph(environment));
  const objects = timed("synth", () => synthEnvironment(environment, graph));
  countObjects(objects.length);
  const located = objects.map((object) => ({ object, file: objectPath(object) }));
  // slipway's own pods always meet "restricted", even where a namespace enforces only "baseline".
  const prometheusSelector = environment.prometheus.operator ? environment.prometheus.selector : undefined;
  const findings = timed("validate", () => runGate(environment.name, located, { profile: "restricted", schemas, prometheusSelector }));
  const documents = { "README.md": graphReadme(environment, graph) };
  const inventory = objects.map(inventoryEntry);
  const rules = timed("promtool", () => rulesFiles(environment.name, objects));
  if (staging === undefined) {
    const files = timed("serialize", () => layoutEnvironment(objects, documents));
    return { name: environment.name, files, fileCount: files.size, findings, objectCount: objects.length, inventory, rules };
  }
  // Serialized and staged file by file, so the environment's text is never held whole; comparing
  // with the current output and writing are counted in "serialize", linking unchanged files in "write".
  const writer = new StagingWriter(staging);
  timed("serialize", () => emitEnvironment(objects, documents, writer.add));
  const fileCount = timed("write", () => writer.finish());
  return { name: environment.name, fileCount, findings, objectCount: objects.length, inventory, rules };
}

function inventoryEntry(object: KubeObject): KubeObject {
  const { name, namespace } = object.metadata;
  const identity = { apiVersion: object.apiVersion, kind: object.kind, metadata: namespace === undefined ? { name } : { name, namespace } };
  const target = object.kind === "HorizontalPodAutoscaler" ? (object.spec as { scaleTargetRef?: unknown } | undefined)?.scaleTargetRef : undefined;
  return target === undefined ? identity : { ...identity, spec: { scaleTargetRef: target } };
}
