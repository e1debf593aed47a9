// Autoscalers (HPAs, and KEDA ScaledObjects for the HPA they create) point at workloads that leave
// the replica count to them, with sane bounds; a VPA on the same workload does not change the
// resources the autoscaler scales on.
import type { KubeObject } from "../../constructs/synth.js";
import type { Json } from "../policy/rule.js";
import { autoscalerBounds, autoscalerName, autoscalerResources, scaleTargetOf } from "../autoscalers.js";
import type { CrossObjectRule } from "./object-index.js";

/** Resources a VPA may change: none in Off mode, else those some container policy (or the default) controls. */
function vpaControls(vpa: KubeObject): string[] {
  const spec = vpa.spec as Json;
  if ((spec.updatePolicy?.updateMode ?? "Auto") === "Off") return [];
  const policies: Json[] = spec.resourcePolicy?.containerPolicies ?? [];
  const controlling = policies.length === 0 ? [{}] : policies.filter((policy) => policy.mode !== "Off");
  return [...new Set(controlling.flatMap((policy) => (policy.controlledResources as string[] | undefined) ?? ["cpu", "memory"]))];
}

export const autoscalingRules: readonly CrossObjectRule[] = [
  {
    id: "xo/hpa-target",
    severity: "error",
    fix: "point scaleTargetRef at a workload in the HPA's namespace",
    check: (index) =>
      index.autoscalers().flatMap((hpa) => {
        const ref = scaleTargetOf(hpa);
        return index.scaleTargetOf(hpa) ? [] : [{ object: hpa, path: "spec.scaleTargetRef", message: `${String(ref.kind)} ${String(ref.name)} is not rendered in namespace ${String(hpa.metadata.namespace)}`, unresolved: true }];
      }),
  },
  {
    id: "xo/hpa-replicas",
    severity: "error",
    fix: "remove spec.replicas from the workload: the HPA owns it, and a GitOps sync would reset it",
    check: (index) =>
      index.autoscalers().flatMap((hpa) => {
        const target = index.scaleTargetOf(hpa);
        return target && (target.spec as Json).replicas !== undefined
          ? [{ object: target, path: "spec.replicas", message: `${target.kind} ${target.metadata.name} sets replicas while ${autoscalerName(hpa)} scales it` }]
          : [];
      }),
  },
  {
    id: "xo/hpa-bounds",
    severity: "error",
    fix: "make minReplicas at most maxReplicas",
    check: (index) =>
      index.autoscalers().flatMap((hpa) => {
        const { min, max, fields } = autoscalerBounds(hpa);
        return min > max ? [{ object: hpa, path: `spec.${fields[0]}`, message: `${fields[0]} ${min} exceeds ${fields[1]} ${max}` }] : [];
      }),
  },
  {
    id: "xo/vpa-hpa-conflict",
    severity: "error",
    fix: 'set the VPA\'s updateMode to "Off", or exclude those resources from its controlledResources',
    check: (index) =>
      index.ofKind("VerticalPodAutoscaler").flatMap((vpa) => {
        const ref = (vpa.spec as Json).targetRef ?? {};
        const target = typeof ref.kind === "string" && typeof ref.name === "string" ? index.find(ref.kind, vpa.metadata.namespace, ref.name) : undefined;
        const hpa = target === undefined ? undefined : index.hpaOf(target);
        if (hpa === undefined) return [];
        const both = autoscalerResources(hpa).filter((resource) => vpaControls(vpa).includes(resource));
        return both.length === 0 ? [] : [{ object: vpa, path: "spec.updatePolicy.updateMode", message: `changes ${both.join(" and ")} of ${String(ref.name)}, which ${autoscalerName(hpa)} scales on: the two controllers fight` }];
      }),
  },
];
