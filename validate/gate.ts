// The validation gate over one environment's objects: each object against its model and its strict
// schema, the policy rules, and the cross-object rules. `synth` runs it on the objects in memory,
// `slipway validate` on files.
import type { KubeObject } from "../constructs/synth.js";
import { runCrossObject } from "./cross-object/index.js";
import { type Finding, guarded, type LocatedObject, malformedObjects } from "./finding.js";
import { hasModel, validateModels } from "./models.js";
import { runPolicy } from "./policy/index.js";
import type { Profile } from "./policy/rule.js";
import type { SchemaCatalog } from "./schema.js";

export interface GateOptions {
  readonly profile: Profile;
  readonly schemas: SchemaCatalog;
  /** Labels Prometheus selects monitors and rules by; unchecked when undefined. */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
  /** Whether the objects are everything deployed together (a render); else references they do not resolve are warnings. @default true */
  readonly complete?: boolean;
}

export function runGate(environment: string, located: readonly LocatedObject[], options: GateOptions): Finding[] {
  const own = objectFindings(environment, located, options);
  return [...own, ...runCrossObject(environment, located, { prometheusSelector: options.prometheusSelector, complete: options.complete ?? true }, malformedObjects(located, own))];
}

/** The findings of each object on its own: its model, its strict schema and the policy rules (everything but the cross-object rules). */
export function objectFindings(environment: string, located: readonly LocatedObject[], options: Omit<GateOptions, "prometheusSelector">): Finding[] {
  const schema = located.flatMap((entry) =>
    guarded(environment, entry, "schema", () => schemaFindings(environment, entry.object, options.schemas)).map((finding) => ({ ...finding, ...(entry.file === undefined ? {} : { file: entry.file }), ...entry.locate?.(finding.path) })),
  );
  const policy = runPolicy(environment, located, options.profile, malformedObjects(located, schema));
  // A removed or deprecated API version has no schema: the deprecation finding says why, and what to use.
  const outdated = new Set(policy.filter((finding) => finding.rule.startsWith("deprecations/") && finding.path === "apiVersion").map((finding) => finding.object));
  return [...schema.filter((finding) => !(finding.rule === "schema/unknown-kind" && outdated.has(finding.object))), ...policy];
}

/** Strict schema findings, plus what the model finds at paths the schema did not already report. */
function schemaFindings(environment: string, object: KubeObject, schemas: SchemaCatalog): Finding[] {
  const strict = schemas.validate(environment, object).map((finding) =>
    finding.rule === "schema/unknown-kind" && hasModel(object)
      ? { ...finding, rule: "schema/no-strict-schema", severity: "warning" as const, message: `no strict schema for ${object.apiVersion} ${object.kind}: checked against its model only` }
      : finding,
  );
  const reported = new Set(strict.map((finding) => finding.path));
  const model = hasModel(object) ? validateModels(environment, [object]).filter((finding) => !reported.has(finding.path)) : [];
  return [...strict, ...model];
}
