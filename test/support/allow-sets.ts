// Reads rendered NetworkPolicies and AuthorizationPolicies back into readable allow-sets, so tests
// can state exactly who may talk to whom: "storefront/cart → 8080", "monitoring/prometheus → 9090,15090".
import type { KubeObject } from "../../constructs/synth.js";

type Json = Record<string, any>;

function peerName(peer: Json, policyNamespace: string): string {
  if (peer.ipBlock) return `ip ${peer.ipBlock.cidr}`;
  const namespace = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ?? policyNamespace;
  const labels: Record<string, string> = peer.podSelector?.matchLabels ?? {};
  const name =
    labels["app.kubernetes.io/name"] && labels["app.kubernetes.io/instance"]
      ? labels["app.kubernetes.io/name"]
      : Object.entries(labels)
          .map(([key, value]) => `${key}=${value}`)
          .join(",");
  return `${namespace}/${name}`;
}

function portText(ports: Json[] | undefined): string {
  return (ports ?? []).map((port) => (port.protocol === "UDP" ? `${port.port}/udp` : String(port.port))).join(",");
}

/** "<peer> → <ports>" per rule; a rule without peers reads "any → <ports>". */
export function networkAllowSet(policy: KubeObject, direction: "ingress" | "egress"): string[] {
  const spec = policy.spec as Json;
  const namespace = policy.metadata.namespace!;
  return (spec[direction] ?? []).flatMap((rule: Json) => {
    const peers: Json[] | undefined = direction === "ingress" ? rule.from : rule.to;
    const ports = portText(rule.ports);
    return peers === undefined ? [`any → ${ports}`] : peers.map((peer) => `${peerName(peer, namespace)} → ${ports}`);
  });
}

/** "<principal> → <ports>" per AuthorizationPolicy rule; "anyone → <ports>" without a source. */
export function authorizationAllowSet(policy: KubeObject): string[] {
  const rules: Json[] = (policy.spec as Json).rules ?? [];
  return rules.flatMap((rule) => {
    const ports = rule.to.flatMap((to: Json) => to.operation.ports).join(",");
    const principals: string[] | undefined = rule.from?.flatMap((from: Json) => from.source.principals);
    return principals === undefined ? [`anyone → ${ports}`] : principals.map((principal) => `${principal} → ${ports}`);
  });
}

export function objectNamed(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name && (namespace === undefined || object.metadata.namespace === namespace));
  if (found === undefined) throw new Error(`no ${kind} ${namespace ?? "*"}/${name}`);
  return found;
}
