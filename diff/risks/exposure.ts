// What becomes reachable from outside the cluster: a Service turned LoadBalancer or NodePort (or
// given external IPs), and new hosts, paths or listeners on Ingresses, Gateway API routes and
// gateways, Istio Gateways and the VirtualServices bound to them.
import { added } from "../canonical.js";
import type { Json, ObjectChange } from "../object-changes.js";
import { changesOf, type RiskCheck, type RiskFlag } from "./risk-check.js";

/** Each kind's entry points, described: what a client outside the cluster can reach through it. */
const ENTRY_POINTS: Record<string, (object: Json) => string[]> = {
  "/Service": (service) => [
    ...(["LoadBalancer", "NodePort"].includes(service.spec?.type) ? ((service.spec?.ports as Json[] | undefined) ?? []).map((port) => `${service.spec.type} port ${port.port}${port.nodePort === undefined ? "" : ` (node port ${port.nodePort})`}`) : []),
    ...((service.spec?.externalIPs as string[] | undefined) ?? []).map((ip) => `external IP ${ip}`),
  ],
  "networking.k8s.io/Ingress": (ingress) =>
    ((ingress.spec?.rules as Json[] | undefined) ?? []).flatMap((rule) => ((rule.http?.paths as Json[] | undefined) ?? [{ path: "/" }]).map(({ path }) => `${rule.host ?? "any host"}${path ?? "/"}`)).concat(ingress.spec?.defaultBackend === undefined ? [] : ["any host (default backend)"]),
  "gateway.networking.k8s.io/HTTPRoute": routeHosts,
  "gateway.networking.k8s.io/GRPCRoute": routeHosts,
  "gateway.networking.k8s.io/TLSRoute": routeHosts,
  "gateway.networking.k8s.io/Gateway": (gateway) => ((gateway.spec?.listeners as Json[] | undefined) ?? []).map((listener) => `${listener.protocol} ${listener.hostname ?? "any host"}:${listener.port}`),
  "networking.istio.io/Gateway": (gateway) => ((gateway.spec?.servers as Json[] | undefined) ?? []).flatMap((server) => ((server.hosts as string[] | undefined) ?? []).map((host) => `${server.port?.protocol ?? ""} ${host}:${server.port?.number}`.trim())),
  "networking.istio.io/VirtualService": (service) => {
    const gateways = ((service.spec?.gateways as string[] | undefined) ?? []).filter((gateway) => gateway !== "mesh");
    return gateways.flatMap((gateway) => ((service.spec?.hosts as string[] | undefined) ?? []).map((host) => `${host} through gateway ${gateway}`));
  },
};

function routeHosts(route: Json): string[] {
  const hostnames: string[] = route.spec?.hostnames?.length ? route.spec.hostnames : ["any host"];
  const parents = ((route.spec?.parentRefs as Json[] | undefined) ?? []).map((parent) => `${parent.namespace === undefined ? "" : `${parent.namespace}/`}${parent.name}${parent.sectionName === undefined ? "" : `:${parent.sectionName}`}`);
  return hostnames.flatMap((host) => parents.map((parent) => `${host} through ${parent}`));
}

export const newExposure: RiskCheck = {
  category: "exposure",
  check: (changes) =>
    Object.entries(ENTRY_POINTS).flatMap(([kind, entryPoints]) =>
      changesOf(changes, kind).flatMap((change: ObjectChange): RiskFlag[] => {
        if (change.after === undefined) return [];
        const exposed = added(change.before === undefined ? [] : entryPoints(change.before), entryPoints(change.after));
        return exposed.length === 0 ? [] : [{ category: "exposure", service: change.service, message: `${change.ref} exposes ${exposed.join("; ")} (new)` }];
      }),
    ),
};
