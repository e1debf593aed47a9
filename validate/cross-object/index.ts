// The cross-object layer: rules that relate the objects of one environment to each other.
import type { KubeObject } from "../../constructs/synth.js";
import { type Finding, findingAt, type LocatedObject } from "../finding.js";
import { autoscalingRules } from "./autoscaling.js";
import { dataServiceRules } from "./data-services.js";
import { disruptionRules } from "./disruption.js";
import { meshRules } from "./mesh.js";
import { monitoringRules } from "./monitoring.js";
import { networkRules } from "./network.js";
import { networkPortRules } from "./network-ports.js";
import { statefulRules } from "./stateful.js";
import { type CrossObjectContext, type CrossObjectRule, ObjectIndex } from "./object-index.js";
import { workloadRules } from "./workloads.js";

export const CROSS_OBJECT_RULES: readonly CrossObjectRule[] = [...workloadRules, ...autoscalingRules, ...disruptionRules, ...networkRules, ...networkPortRules, ...statefulRules, ...dataServiceRules, ...meshRules, ...monitoringRules];

export function runCrossObject(environment: string, located: readonly LocatedObject[], context: CrossObjectContext = {}): Finding[] {
  const index = new ObjectIndex(located.map(({ object }) => object));
  const entryOf = new Map(located.map((entry) => [entry.object, entry]));
  return CROSS_OBJECT_RULES.flatMap((rule) =>
    rule.check(index, context).map((violation) =>
      findingAt(environment, entryOf.get(violation.object) ?? { object: violation.object }, { path: violation.path, rule: rule.id, severity: rule.severity, message: violation.message, fix: rule.fix }),
    ),
  );
}

/**
 * Kinds whose body (anything but apiVersion, kind and metadata) no cross-object rule reads. They
 * are most of an environment's bytes (rules files, dashboards); a render that streams its objects
 * keeps only their metadata for this layer (crossObjectView). A rule that comes to read one of
 * these bodies must take its kind out of this list.
 */
export const BODY_UNREAD_KINDS: ReadonlySet<string> = new Set(["PrometheusRule", "ConfigMap"]);

/** What the cross-object rules need of an object: the object, or only its identity and metadata (BODY_UNREAD_KINDS). */
export function crossObjectView(object: KubeObject): KubeObject {
  return BODY_UNREAD_KINDS.has(object.kind) ? { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata } : object;
}
