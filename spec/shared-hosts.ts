// Hosts several services are exposed on: one Istio Gateway server and one VirtualService per host
// route to all of them (constructs/exposure/host-gateway.ts), since two Gateways claiming the same
// host conflict (Istio's IST0145) and one of the paths stops working. Through an Ingress controller
// each service keeps its Ingress, and the Ingresses of a namespace share one certificate for the host.
import { isExposed, type ExposedNode, type ServiceGraph } from "./graph.js";
import { compareStrings } from "./order.js";

/** A path as a prefix route matches it: "/auth/" and "/auth" are one route; "/" stays. */
export function routePrefix(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** Each host two or more services are exposed on, with those services, longest prefix first (the order Istio must try them in). */
export function sharedHosts(graph: ServiceGraph): Map<string, ExposedNode[]> {
  const byHost = new Map<string, ExposedNode[]>();
  for (const node of graph.nodes.values()) {
    if (isExposed(node)) byHost.set(node.exposure.host, [...(byHost.get(node.exposure.host) ?? []), node]);
  }
  const longestFirst = (a: ExposedNode, b: ExposedNode) => routePrefix(b.exposure.path).length - routePrefix(a.exposure.path).length || compareStrings(a.name, b.name);
  return new Map([...byHost].filter(([, nodes]) => nodes.length > 1).sort(([a], [b]) => compareStrings(a, b)).map(([host, nodes]) => [host, [...nodes].sort(longestFirst)]));
}

/** The secret of a shared host's certificate: a declared tlsSecret (the rules make the services agree), else named after the host. */
export function hostTlsSecretName(namespace: string, host: string, nodes: readonly ExposedNode[]): string {
  return nodes.find(({ exposure }) => exposure.tlsSecret !== undefined)?.exposure.tlsSecret ?? `${namespace}-${host}-tls`;
}
