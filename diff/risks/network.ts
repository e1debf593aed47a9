// NetworkPolicies that let more through: a new (peer, port) pair in either direction, a direction no
// longer restricted, or a deny-all removed.
import { canonical } from "../../spec/json-values.js";
import { added } from "../canonical.js";
import type { Json, ObjectChange } from "../object-changes.js";
import { describeSelector, policyChangesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

const DIRECTIONS = [
  { field: "ingress", peers: "from", policyType: "Ingress", preposition: "from" },
  { field: "egress", peers: "to", policyType: "Egress", preposition: "to" },
] as const;

export const networkPolicyWidening: RiskCheck = {
  category: "network",
  check: (changes) => policyChangesOf(changes, "networking.k8s.io/NetworkPolicy").flatMap(widening),
};

function widening(change: ObjectChange): RiskFlag[] {
  const flag = (message: string): RiskFlag => ({ category: "network", service: change.service, message: `${change.ref} ${message}` });
  if (change.after === undefined) {
    const isolated = restricted(change.before!).filter((direction) => allowances(change.before!, direction).length === 0);
    return isolated.length === 0 ? [] : [flag(`is deleted: the ${isolated.join(" and ")} isolation it gave ${describeSelector(change.before!.spec?.podSelector)} is gone`)];
  }
  const flags: RiskFlag[] = [];
  const before = change.before;
  if (before !== undefined) {
    for (const direction of restricted(before)) {
      if (!restricted(change.after).includes(direction)) flags.push(flag(`no longer restricts ${direction.toLowerCase()}`));
    }
    if (canonical(before.spec?.podSelector) !== canonical(change.after.spec?.podSelector)) {
      flags.push(flag(`now applies to ${describeSelector(change.after.spec?.podSelector)} (was ${describeSelector(before.spec?.podSelector)})`));
    }
  }
  for (const direction of DIRECTIONS) {
    const opened = added(before === undefined ? [] : allowances(before, direction.policyType), allowances(change.after, direction.policyType));
    if (opened.length > 0) flags.push(flag(`allows ${direction.field} ${opened.join("; ")} (new)`));
  }
  return flags;
}

/** The directions a policy restricts: its policyTypes, or as Kubernetes infers them. */
function restricted(policy: Json): string[] {
  return policy.spec?.policyTypes ?? ["Ingress", ...(policy.spec?.egress === undefined ? [] : ["Egress"])];
}

/** Each (peer, port) the policy allows in one direction, described. */
function allowances(policy: Json, policyType: string): string[] {
  const direction = DIRECTIONS.find((candidate) => candidate.policyType === policyType)!;
  return ((policy.spec?.[direction.field] as Json[] | undefined) ?? []).flatMap((rule) => {
    const peers: (Json | undefined)[] = rule[direction.peers]?.length ? rule[direction.peers] : [undefined];
    const ports: (Json | undefined)[] = rule.ports?.length ? rule.ports : [undefined];
    return peers.flatMap((peer) => ports.map((port) => `${direction.preposition} ${describePeer(peer)} on ${describePort(port)}`));
  });
}

function describePeer(peer: Json | undefined): string {
  if (peer === undefined) return "anywhere";
  if (peer.ipBlock !== undefined) return `${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(", ")}` : ""}`;
  const pods = peer.podSelector === undefined ? "every pod" : `pods ${describeSelector(peer.podSelector)}`;
  if (peer.namespaceSelector === undefined) return `${pods} of its namespace`;
  const name = peer.namespaceSelector.matchLabels?.["kubernetes.io/metadata.name"];
  const namespaces = name !== undefined && Object.keys(peer.namespaceSelector).length === 1 && Object.keys(peer.namespaceSelector.matchLabels).length === 1 ? `namespace ${name}` : `namespaces ${describeSelector(peer.namespaceSelector)}`;
  return `${pods} in ${namespaces}`;
}

function describePort(port: Json | undefined): string {
  if (port === undefined) return "every port";
  return `${port.protocol ?? "TCP"} ${port.port ?? "every port"}${port.endPort === undefined ? "" : `-${port.endPort}`}`;
}
