// A NetworkPolicy's selectors pick pods: one that picks none isolates nothing (its subject) or
// admits no one (its peer), which is a typo more often than an intent.
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, type CrossObjectViolation, selectsEverything } from "./object-index.js";

const namesLabels = (selector: unknown): selector is Json => typeof selector === "object" && selector !== null && !selectsEverything(selector);

const describe = (selector: Json) => JSON.stringify(selector.matchLabels ?? selector.matchExpressions);

export const networkSelectorRules: readonly CrossObjectRule[] = [
  {
    id: "xo/network-policy-selects",
    severity: "error",
    fix: "make spec.podSelector match the labels of the pods the policy is for",
    check: (index) =>
      index.ofKind("NetworkPolicy").flatMap((policy) => {
        const selector = (policy.spec as Json).podSelector;
        const namespace = policy.metadata.namespace ?? "default";
        return !namesLabels(selector) || index.selected(namespace, selector).length > 0
          ? []
          : [{ object: policy, path: "spec.podSelector", message: `NetworkPolicy ${policy.metadata.name} selects no pod in namespace ${namespace} (${describe(selector)}): it isolates nothing`, unresolved: true }];
      }),
  },
  {
    id: "xo/network-policy-peer-selects",
    severity: "error",
    fix: "make the peer's podSelector match the labels of the pods it means",
    check: (index) =>
      index.ofKind("NetworkPolicy").flatMap((policy) => {
        const spec = policy.spec as Json;
        const namespace = policy.metadata.namespace ?? "default";
        return (["ingress", "egress"] as const).flatMap((field) =>
          (Array.isArray(spec[field]) ? (spec[field] as Json[]) : []).flatMap((rule, ruleIndex) => {
            const peers = rule?.[field === "ingress" ? "from" : "to"];
            return (Array.isArray(peers) ? (peers as Json[]) : []).flatMap((peer, peerIndex): CrossObjectViolation[] => {
              // A peer in other namespaces may name pods deployed from elsewhere: only same-namespace peers are known here.
              if (peer?.namespaceSelector !== undefined || !namesLabels(peer?.podSelector) || index.selected(namespace, peer.podSelector).length > 0) return [];
              const path = `spec.${field}.${ruleIndex}.${field === "ingress" ? "from" : "to"}.${peerIndex}.podSelector`;
              return [{ object: policy, path, message: `NetworkPolicy ${policy.metadata.name} names peer pods ${describe(peer.podSelector)} that are not in namespace ${namespace}`, unresolved: true }];
            });
          }),
        );
      }),
  },
];
