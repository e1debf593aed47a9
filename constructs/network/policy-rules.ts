// NetworkPolicy rules derived from the service graph: who may reach a workload on which pod
// ports, and where it may connect. Pure functions of (graph, environment).
import { k8s } from "cdk8s-plus-28";
import { ingressOf, isMeshed } from "../../spec/environment-settings.js";
import type { GraphPort, ServiceGraph, ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { namespaceNameOf } from "../../spec/workload.js";
import { selectorLabels } from "../labels.js";

/** Envoy's own Prometheus endpoint, scraped directly (15020, the merged endpoint, stays closed: it would count twice). */
export const ENVOY_METRICS_PORT = 15090;
/** istiod's xDS and certificate port. */
export const ISTIOD_PORT = 15012;
const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export interface Location {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Pods of a component in a namespace: both selectors in one peer, so they AND. */
export function componentPeer(location: Location): k8s.NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: location.namespace } },
    podSelector: { matchLabels: { ...location.podLabels } },
  };
}

/** A service's pods as seen from a namespace: a namespace selector only when it is another one. */
export function servicePeer(node: ServiceNode, fromNamespace: string, environment: EnvironmentSpec): k8s.NetworkPolicyPeer {
  const podSelector = { matchLabels: selectorLabels(node.name, environment) };
  return node.namespace === fromNamespace ? { podSelector } : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: node.namespace } }, podSelector };
}

export function tcpPorts(ports: readonly number[]): k8s.NetworkPolicyPort[] {
  return [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: "TCP", port: k8s.IntOrString.fromNumber(port) }));
}

const containerPorts = (ports: readonly GraphPort[]) => ports.map((port) => port.containerPort);

export function workloadIngress(node: ServiceNode, graph: ServiceGraph, environment: EnvironmentSpec): k8s.NetworkPolicyIngressRule[] {
  const callers = graph
    .callersOf(node.name)
    .map((edge) => ({ from: [servicePeer(graph.node(edge.from), node.namespace, environment)], ports: tcpPorts(containerPorts(edge.ports)) }));
  const exposure = node.exposure ? [{ from: [componentPeer(ingressOf(environment))], ports: tcpPorts([node.exposure.port.containerPort]) }] : [];
  const scraped = scrapedPorts(node, environment);
  const prometheus = scraped.length > 0 ? [{ from: [componentPeer(environment.prometheus)], ports: tcpPorts(scraped) }] : [];
  return [...callers, ...exposure, ...prometheus];
}

export function workloadEgress(node: ServiceNode, graph: ServiceGraph, environment: EnvironmentSpec): k8s.NetworkPolicyEgressRule[] {
  const callees = graph
    .calleesOf(node.name)
    .map((edge) => ({ to: [servicePeer(graph.node(edge.to), node.namespace, environment)], ports: tcpPorts(containerPorts(edge.ports)) }));
  // A NetworkPolicy cannot name a host: with CIDRs the rule names them, without it opens the port (the mesh narrows it to the host).
  const external = node.external.map((host) => ({
    ...(host.cidrs.length > 0 ? { to: host.cidrs.map((cidr) => ({ ipBlock: { cidr } })) } : {}),
    ports: tcpPorts([host.port]),
  }));
  // A cluster service slipway does not render: its namespace and pods, on exactly the ports called.
  const clusterCallees = node.clusterCallees.map((callee) => ({ to: [componentPeer(callee)], ports: tcpPorts(callee.ports.map((port) => port.containerPort)) }));
  const istiod = isMeshed(environment) ? [{ to: [componentPeer(environment.mesh.istiod)], ports: tcpPorts([ISTIOD_PORT]) }] : [];
  return [...callees, ...clusterCallees, ...external, ...istiod];
}

/** Every pod of a namespace may resolve names: cluster DNS on UDP and TCP 53. */
export function dnsEgress(environment: EnvironmentSpec): k8s.NetworkPolicyEgressRule {
  const { dns } = environment.network;
  return {
    to: [componentPeer(dns), ...dns.cidrs.map((cidr) => ({ ipBlock: { cidr } }))],
    ports: ["UDP", "TCP"].map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(53) })),
  };
}

/**
 * Egress to the Kubernetes API server (operators' instance managers watch their objects there): to
 * its declared addresses, else its ports open to any address — in one rule with `openPorts`, other
 * ports the pods reach at any address (object storage, whose host a NetworkPolicy cannot name).
 */
export function apiServerEgress(environment: EnvironmentSpec, openPorts: readonly number[] = []): k8s.NetworkPolicyEgressRule[] {
  const { apiServer } = environment.network;
  const declared = apiServer.cidrs.length > 0;
  const anywhere = [...(declared ? [] : apiServer.ports), ...openPorts];
  return [
    ...(declared ? [{ to: apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: tcpPorts(apiServer.ports) }] : []),
    ...(anywhere.length === 0 ? [] : [{ ports: tcpPorts(anywhere) }]),
  ];
}

/** Ingress from each of these services' pods, wherever they run, on these ports. */
export function servicesIngress(services: readonly string[], environment: EnvironmentSpec, ports: readonly number[]): k8s.NetworkPolicyIngressRule[] {
  return services.map((service) => ({
    from: [componentPeer({ namespace: namespaceNameOf(environment.services[service]!, environment), podLabels: selectorLabels(service, environment) })],
    ports: tcpPorts(ports),
  }));
}

/** The pod ports Prometheus may scrape: the service's metrics ports, and the sidecar's Envoy endpoint when meshed. */
export function scrapedPorts(node: ServiceNode, environment: EnvironmentSpec): number[] {
  return [...node.metricsPorts.map((port) => port.containerPort), ...(isMeshed(environment) ? [ENVOY_METRICS_PORT] : [])];
}
