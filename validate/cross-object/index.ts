// The cross-object layer: rules that relate the objects of one environment to each other.
import type { KubeObject } from "../../constructs/synth.js";
import { type Finding, objectRef } from "../finding.js";
import { autoscalingRules } from "./autoscaling.js";
import { disruptionRules } from "./disruption.js";
import { meshRules } from "./mesh.js";
import { monitoringRules } from "./monitoring.js";
import { networkRules } from "./network.js";
import { type CrossObjectContext, type CrossObjectRule, ObjectIndex } from "./object-index.js";
import { workloadRules } from "./workloads.js";

export const CROSS_OBJECT_RULES: readonly CrossObjectRule[] = [...workloadRules, ...autoscalingRules, ...disruptionRules, ...networkRules, ...meshRules, ...monitoringRules];

export function runCrossObject(environment: string, objects: readonly KubeObject[], context: CrossObjectContext = {}): Finding[] {
  const index = new ObjectIndex(objects);
  return CROSS_OBJECT_RULES.flatMap((rule) =>
    rule.check(index, context).map((violation) => ({
      environment,
      object: objectRef(violation.object),
      path: violation.path,
      rule: rule.id,
      severity: rule.severity,
      message: violation.message,
      fix: rule.fix,
    })),
  );
}
