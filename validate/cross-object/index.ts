// The cross-object layer: rules that relate the objects of one environment to each other.
import type { KubeObject } from "../../constructs/synth.js";
import { type Finding, findingAt, guarded, internalFinding, type LocatedObject } from "../finding.js";
import { autoscalingRules } from "./autoscaling.js";
import { dataServiceRules } from "./data-services.js";
import { disruptionRules } from "./disruption.js";
import { duplicateRules } from "./duplicates.js";
import { gatewayRules } from "./gateways.js";
import { ingressRules } from "./ingress.js";
import { limitRangeRules } from "./limit-ranges.js";
import { meshRules } from "./mesh.js";
import { monitoringRules } from "./monitoring.js";
import { networkRules } from "./network.js";
import { networkPortRules } from "./network-ports.js";
import { networkSelectorRules } from "./network-selectors.js";
import { promqlLabelRules } from "./promql-labels.js";
import { promqlRangeRules } from "./promql-ranges.js";
import { readRule } from "../promql/rule-reading.js";
import { serviceAccountRules } from "./service-accounts.js";
import { statefulRules } from "./stateful.js";
import { type CrossObjectContext, type CrossObjectRule, ObjectIndex } from "./object-index.js";
import { workloadRules } from "./workloads.js";

export const CROSS_OBJECT_RULES: readonly CrossObjectRule[] = [...duplicateRules, ...workloadRules, ...serviceAccountRules, ...ingressRules, ...gatewayRules, ...autoscalingRules, ...disruptionRules, ...networkRules, ...networkSelectorRules, ...networkPortRules, ...statefulRules, ...limitRangeRules, ...dataServiceRules, ...meshRules, ...monitoringRules, ...promqlRangeRules, ...promqlLabelRules];

/**
 * @param malformed objects whose schema findings say a field has the wrong type. A rule that throws
 * over every object runs again without them; only if it still throws is that an internal finding.
 */
export function runCrossObject(environment: string, located: readonly LocatedObject[], context: CrossObjectContext = {}, malformed: ReadonlySet<KubeObject> = new Set()): Finding[] {
  // The rules read each object through a view whose spec is an object: a Deployment or Service
  // without one (a kustomize `$patch: delete` file, a minimal fixture) is the schema's to report.
  const entryOf = new Map(located.map((entry) => [withSpec(entry.object), entry]));
  const indexes = (sound: boolean) => new ObjectIndex([...entryOf].filter(([, entry]) => !sound || !malformed.has(entry.object)).map(([view]) => view));
  let index: ObjectIndex;
  let soundIndex: ObjectIndex | undefined;
  try {
    index = indexes(false);
  } catch (error) {
    if (malformed.size === 0) return [internalFinding(environment, undefined, "xo/index", error)];
    index = soundIndex = indexes(true);
  }
  const check = (rule: CrossObjectRule, over: ObjectIndex) =>
    rule.check(over, context).map((violation) => {
      const partial = violation.unresolved === true && context.complete === false;
      return findingAt(environment, entryOf.get(violation.object) ?? { object: violation.object }, {
        path: violation.path,
        rule: rule.id,
        severity: partial ? "warning" : rule.severity,
        message: partial ? `unresolved: ${violation.message}, in these manifests (it may be deployed from elsewhere)` : violation.message,
        fix: rule.fix,
      });
    });
  return CROSS_OBJECT_RULES.flatMap((rule) =>
    guarded(environment, undefined, rule.id, () => {
      try {
        return check(rule, index);
      } catch (error) {
        if (malformed.size === 0 || index === soundIndex) throw error;
        soundIndex ??= indexes(true);
        return check(rule, soundIndex);
      }
    }),
  );
}

function withSpec(object: KubeObject): KubeObject {
  const spec = object.spec;
  return typeof spec === "object" && spec !== null && !Array.isArray(spec) ? object : { ...object, spec: {} };
}

/**
 * Kinds whose body (anything but apiVersion, kind and metadata) no cross-object rule reads. They
 * are most of an environment's bytes (rules files, dashboards); a render that streams its objects
 * keeps only their metadata for this layer (crossObjectView). A rule that comes to read one of
 * these bodies must take its kind out of this list.
 */
export const BODY_UNREAD_KINDS: ReadonlySet<string> = new Set(["ConfigMap"]);

/**
 * What the cross-object rules need of an object: the object; only its identity and metadata
 * (BODY_UNREAD_KINDS); or, for a PrometheusRule, only what the PromQL rules read of each rule
 * (readRule: its name, range and series selectors, parsed where the object is rendered).
 */
export function crossObjectView(object: KubeObject): KubeObject {
  if (BODY_UNREAD_KINDS.has(object.kind)) return { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata };
  if (object.kind !== "PrometheusRule") return object;
  const groups = (object.spec as { groups?: unknown } | undefined)?.groups;
  if (!Array.isArray(groups)) return object;
  return { ...object, spec: { groups: groups.map((group) => ({ rules: Array.isArray(group?.rules) ? group.rules.map(readRule) : group?.rules })) } };
}
