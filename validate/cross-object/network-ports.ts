// NetworkPolicy ports name ports the pods serve. A NetworkPolicy port is a pod (container) port,
// never a Service port; a rule naming a port no destination pod serves admits or lets out nothing,
// and the traffic it was written for is dropped without a word.
import type { KubeObject } from "../../constructs/synth.js";
import { type Json, podSpecsOf } from "../policy/rule.js";
import { type Direction, policyTypes } from "./network.js";
import type { CrossObjectRule, CrossObjectViolation, ObjectIndex, Workload } from "./object-index.js";

/** Ports an injected Istio sidecar serves in every pod: merged metrics, health, Envoy's Prometheus endpoint. */
const ISTIO_SIDECAR_PORTS = [15020, 15021, 15090];

/** Whether Istio injects a sidecar into the workload's pods: by its namespace's label or the pod's own settings. */
function hasIstioSidecar(index: ObjectIndex, workload: Workload): boolean {
  const inject = workload.podLabels["sidecar.istio.io/inject"];
  if (inject !== undefined) return inject === "true";
  const namespace = index.labelsOfNamespace(workload.namespace);
  if (namespace["istio-injection"] === "enabled" || namespace["istio.io/rev"] !== undefined) return true;
  return podSpecsOf(workload.object).some((pod) => Object.keys(pod.annotations).some((key) => key.startsWith("sidecar.istio.io/")));
}

/** The ports a workload's pods serve: its containers', and its sidecar's. */
function servedPorts(index: ObjectIndex, workload: Workload): readonly { readonly name?: string; readonly containerPort: number }[] {
  return hasIstioSidecar(index, workload) ? [...workload.ports, ...ISTIO_SIDECAR_PORTS.map((containerPort) => ({ containerPort }))] : workload.ports;
}

function serves(served: readonly { readonly name?: string; readonly containerPort: number }[], rulePort: Json): boolean {
  if (typeof rulePort.port === "string") return served.some((port) => port.name === rulePort.port);
  return served.some((port) => port.containerPort >= rulePort.port && port.containerPort <= (rulePort.endPort ?? rulePort.port));
}

/**
 * The workloads a rule's traffic goes to, when all of them are rendered here: the policy's own pods
 * for ingress; for egress, the pods its peers name (undefined when a peer is an address block or
 * names nothing rendered, whose ports cannot be known).
 */
function destinations(index: ObjectIndex, policy: KubeObject, rule: Json, direction: Direction): Workload[] | undefined {
  const namespace = policy.metadata.namespace ?? "default";
  if (direction === "Ingress") return index.selected(namespace, (policy.spec as Json).podSelector ?? {});
  const peers: Json[] | undefined = rule.to;
  if (peers === undefined || peers.length === 0) return undefined;
  const named = peers.map((peer) => index.peerWorkloads(peer, namespace));
  return named.some((workloads) => workloads.length === 0) ? undefined : [...new Set(named.flat())];
}

function unservedPorts(index: ObjectIndex): CrossObjectViolation[] {
  const violations: CrossObjectViolation[] = [];
  for (const policy of index.ofKind("NetworkPolicy")) {
    for (const direction of policyTypes(policy)) {
      const field = direction === "Ingress" ? "ingress" : "egress";
      for (const [ruleIndex, rule] of ((((policy.spec as Json)[field] as Json[] | undefined) ?? []).entries())) {
        const ports: Json[] = rule.ports ?? [];
        const targets = ports.length === 0 ? undefined : destinations(index, policy, rule, direction);
        if (targets === undefined || targets.length === 0) continue;
        const served = targets.map((workload) => ({ workload, ports: servedPorts(index, workload) }));
        for (const [portIndex, rulePort] of ports.entries()) {
          if (rulePort.port === undefined || served.some(({ ports: candidates }) => serves(candidates, rulePort))) continue;
          const listing = served.map(({ workload, ports: candidates }) => `${workload.name}: ${candidates.map((port) => (port.name === undefined ? String(port.containerPort) : `${port.name} ${port.containerPort}`)).join(", ") || "none"}`).join("; ");
          violations.push({
            object: policy,
            path: `spec.${field}.${ruleIndex}.ports.${portIndex}`,
            message: `port ${rulePort.port} is served by none of the pods this rule ${direction === "Ingress" ? "admits traffic to" : "lets traffic out to"} (${listing}): the traffic is dropped`,
          });
        }
      }
    }
  }
  return violations;
}

export const networkPortRules: readonly CrossObjectRule[] = [
  {
    id: "xo/network-policy-port",
    severity: "error",
    fix: "name the port the pods' containers listen on (containerPort, the Service's targetPort), not the Service port",
    check: unservedPorts,
  },
];
