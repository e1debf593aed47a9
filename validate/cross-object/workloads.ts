// Workloads select their own pods; Services select pods that exist and target ports they declare.
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, matchesSelector } from "./object-index.js";

const CONTROLLERS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "DeploymentConfig"];
/** Controllers whose selector is a plain label map that defaults to the template's labels. */
const MAP_SELECTORS = ["ReplicationController", "DeploymentConfig"];

export const workloadRules: readonly CrossObjectRule[] = [
  {
    id: "xo/workload-selector",
    severity: "error",
    fix: "make spec.selector match the pod template's labels (selectors are immutable: fix the template)",
    check: (index) =>
      index.objects
        .filter((object) => CONTROLLERS.includes(object.kind))
        .flatMap((object) => {
          const spec = object.spec as Json;
          const selector = MAP_SELECTORS.includes(object.kind) ? { matchLabels: spec.selector ?? spec.template?.metadata?.labels ?? {} } : spec.selector;
          return matchesSelector(selector, spec.template?.metadata?.labels ?? {})
            ? []
            : [{ object, path: "spec.selector", message: `${object.kind} ${object.metadata.name} selects no pod of its own template` }];
        }),
  },
  {
    id: "xo/service-selector",
    severity: "error",
    fix: "make the Service selector match a workload's pod template labels",
    check: (index) =>
      index.ofKind("Service").flatMap((service) => {
        const spec = service.spec as Json;
        if (spec.type === "ExternalName" || spec.selector === undefined || Object.keys(spec.selector).length === 0) return [];
        const namespace = service.metadata.namespace ?? "default";
        return index.selectedByLabels(namespace, spec.selector).length > 0
          ? []
          : [{ object: service, path: "spec.selector", message: `Service ${service.metadata.name} selects no pod in namespace ${namespace}`, unresolved: true }];
      }),
  },
  {
    id: "xo/service-target-port",
    severity: "error",
    fix: "target a port name or number the selected pods declare",
    check: (index) =>
      index.ofKind("Service").flatMap((service) => {
        const spec = service.spec as Json;
        const selected = index.selectedByLabels(service.metadata.namespace ?? "default", spec.selector);
        if (selected.length === 0 || selected.some((workload) => !workload.containersKnown)) return [];
        return ((spec.ports as Json[] | undefined) ?? []).flatMap((port, position) => {
          const target = port.targetPort ?? port.port;
          const declared = selected.some((workload) => workload.ports.some((candidate) => (typeof target === "number" ? candidate.containerPort === target : candidate.name === target)));
          return declared ? [] : [{ object: service, path: `spec.ports.${position}.targetPort`, message: `port ${String(port.name ?? port.port)} targets ${String(target)}, which no selected pod declares` }];
        });
      }),
  },
];
