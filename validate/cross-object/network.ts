// NetworkPolicies agree with each other: a caller admitted into a workload may also leave towards
// it, a callee a workload may reach also admits it, and a Service behind a default deny is
// reachable at all. Peers that are not rendered here (ingress controllers, Prometheus) are
// outside this check.
import type { KubeObject } from "../../constructs/synth.js";
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, type CrossObjectViolation, matchesSelector, type ObjectIndex, selectsEverything, selectsPods, type Workload } from "./object-index.js";

export type Direction = "Ingress" | "Egress";

export function policyTypes(policy: KubeObject): Direction[] {
  const spec = policy.spec as Json;
  return spec.policyTypes ?? ["Ingress", ...(spec.egress ? ["Egress" as const] : [])];
}

function policiesSelecting(index: ObjectIndex, workload: Workload, direction: Direction): KubeObject[] {
  return index.networkPoliciesOf(workload).filter((policy) => policyTypes(policy).includes(direction));
}

function peerMatches(index: ObjectIndex, peer: Json, policyNamespace: string, workload: Workload): boolean {
  if (peer.ipBlock !== undefined) return false;
  const inNamespace = peer.namespaceSelector === undefined ? workload.namespace === policyNamespace : matchesSelector(peer.namespaceSelector, index.labelsOfNamespace(workload.namespace));
  return inNamespace && (peer.podSelector === undefined || selectsPods(peer.podSelector, workload));
}

/** Whether a rule's ports open a destination port (named ports resolve on the destination's pods). */
function opens(rulePorts: Json[] | undefined, destination: Workload, port: number): boolean {
  if (rulePorts === undefined || rulePorts.length === 0) return true;
  return rulePorts.some((rulePort) => {
    if ((rulePort.protocol ?? "TCP") !== "TCP") return false;
    if (rulePort.port === undefined) return true;
    if (typeof rulePort.port === "string") return destination.ports.some((candidate) => candidate.name === rulePort.port && candidate.containerPort === port);
    return port >= rulePort.port && port <= (rulePort.endPort ?? rulePort.port);
  });
}

/** The destination's declared ports a rule opens. */
function openedPorts(rulePorts: Json[] | undefined, destination: Workload): number[] {
  return [...new Set(destination.ports.map((candidate) => candidate.containerPort))].filter((port) => opens(rulePorts, destination, port));
}

function allows(index: ObjectIndex, from: Workload, to: Workload, port: number, direction: Direction): boolean {
  const [subject, other] = direction === "Ingress" ? [to, from] : [from, to];
  return policiesSelecting(index, subject, direction).some((policy) =>
    (((policy.spec as Json)[direction === "Ingress" ? "ingress" : "egress"] as Json[] | undefined) ?? []).some((rule) => {
      const peers: Json[] | undefined = direction === "Ingress" ? rule.from : rule.to;
      const peerOk = peers === undefined || peers.length === 0 || peers.some((peer) => peerMatches(index, peer, subject.namespace, other));
      return peerOk && opens(rule.ports, to, port);
    }),
  );
}

/** Each (rule peer → rendered workload) pair a policy's rules name, with the destination ports they open. */
function* namedEdges(index: ObjectIndex, direction: Direction) {
  const field = direction === "Ingress" ? "ingress" : "egress";
  for (const policy of index.ofKind("NetworkPolicy")) {
    const namespace = policy.metadata.namespace ?? "default";
    const subjects = index.selected(namespace, (policy.spec as Json).podSelector ?? {});
    const rules: Json[] = (policy.spec as Json)[field] ?? [];
    for (const [ruleIndex, rule] of rules.entries()) {
      const peers: Json[] = (direction === "Ingress" ? rule.from : rule.to) ?? [];
      for (const [peerIndex, peer] of peers.entries()) {
        if (allowsAll(peer)) continue;
        for (const subject of subjects) {
          for (const other of index.peerWorkloads(peer, namespace).filter((workload) => workload !== subject)) {
            const [from, to] = direction === "Ingress" ? [other, subject] : [subject, other];
            const ports = openedPorts(rule.ports, to);
            yield { policy, path: `spec.${field}.${ruleIndex}.${direction === "Ingress" ? "from" : "to"}.${peerIndex}`, from, to, ports };
          }
        }
      }
    }
  }
}

/**
 * A peer whose selectors are all empty (`namespaceSelector: {}`, alone or with `podSelector: {}`)
 * admits anyone: it declares no edge to any particular workload, so none is inferred from it.
 */
function allowsAll(peer: Json): boolean {
  return peer.ipBlock === undefined && selectsEverything(peer.namespaceSelector) && (peer.podSelector === undefined || selectsEverything(peer.podSelector));
}

function oneSided(direction: Direction) {
  const back: Direction = direction === "Ingress" ? "Egress" : "Ingress";
  return (index: ObjectIndex): CrossObjectViolation[] => {
    const violations: CrossObjectViolation[] = [];
    for (const { policy, path, from, to, ports } of namedEdges(index, direction)) {
      const other = back === "Egress" ? from : to;
      if (policiesSelecting(index, other, back).length === 0) continue;
      const blocked = ports.filter((port) => !allows(index, from, to, port, back));
      if (blocked.length > 0) {
        violations.push({
          object: policy,
          path,
          message:
            direction === "Ingress"
              ? `admits ${from.namespace}/${from.name} to ${to.name} on ${blocked.join(", ")}, but no egress rule of ${from.name} allows it: the traffic is dropped`
              : `lets ${from.name} reach ${to.namespace}/${to.name} on ${blocked.join(", ")}, but no ingress rule of ${to.name} admits it: the traffic is dropped`,
        });
      }
    }
    return violations;
  };
}

export const networkRules: readonly CrossObjectRule[] = [
  {
    id: "xo/ingress-without-egress",
    severity: "error",
    fix: "add the matching egress rule to the caller's NetworkPolicy (slipway derives both from one dependsOn)",
    check: oneSided("Ingress"),
  },
  {
    id: "xo/egress-without-ingress",
    severity: "error",
    fix: "add the matching ingress rule to the callee's NetworkPolicy (slipway derives both from one dependsOn)",
    check: oneSided("Egress"),
  },
  {
    id: "xo/service-unreachable",
    severity: "warning",
    fix: "admit the Service's callers in the workload's NetworkPolicy, or remove the Service",
    check: (index) =>
      index.ofKind("Service").flatMap((service) => {
        const spec = service.spec as Json;
        return index.selectedByLabels(service.metadata.namespace ?? "default", spec.selector).flatMap((workload) => {
          const policies = policiesSelecting(index, workload, "Ingress");
          if (policies.length === 0) return [];
          const targets = ((spec.ports as Json[] | undefined) ?? []).map((port) => port.targetPort ?? port.port);
          const numbers = targets.flatMap((target) => (typeof target === "number" ? [target] : workload.ports.filter((port) => port.name === target).map((port) => port.containerPort)));
          const reachable = policies.some((policy) =>
            (((policy.spec as Json).ingress as Json[] | undefined) ?? []).some((rule) => numbers.some((port) => opens(rule.ports, workload, port))),
          );
          return reachable ? [] : [{ object: service, path: "spec.ports", message: `no NetworkPolicy admits any traffic to ${workload.name} on the Service's ports` }];
        });
      }),
  },
];
