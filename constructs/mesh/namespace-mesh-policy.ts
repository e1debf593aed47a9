// Per meshed namespace: mTLS mode, allow-nothing, a Sidecar that lets workloads reach only the
// graph's callees (and istiod), and a ServiceEntry per declared outside host, so that
// REGISTRY_ONLY outbound traffic works.
import type { IServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry";
import type { ISidecar } from "@kubernetes-models/istio/networking.istio.io/v1/Sidecar";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { Construct } from "constructs";
import { mtlsModeOf, serviceHost } from "../../spec/environment-settings.js";
import type { ExternalHost, ServiceGraph } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";

export interface NamespaceMeshPolicyProps {
  readonly environment: EnvironmentSpec;
  readonly graph: ServiceGraph;
  /** Key of the namespace in `environment.namespaces`. */
  readonly namespaceKey: string;
}

const SERVICE_ENTRY_PROTOCOL: Record<ExternalHost["protocol"], string> = { https: "TLS", tls: "TLS", http: "HTTP", grpc: "GRPC", tcp: "TCP" };

export class NamespaceMeshPolicy extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceMeshPolicyProps) {
    super(scope, id);
    const { environment, graph, namespaceKey } = props;
    const namespace = environment.namespaces[namespaceKey]!.name;
    const labels = objectLabels(platformIdentity(environment, "mesh"), environment);
    const metadata = (name: string) => ({ name, namespace, labels });
    const workloads = [...graph.nodes.values()].filter((node) => node.namespace === namespace);

    modelObject<IPeerAuthentication>(this, "peer-authentication", {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: metadata("default"),
      spec: { mtls: { mode: mtlsModeOf(environment, namespaceKey) } },
    });
    modelObject<IAuthorizationPolicy>(this, "allow-nothing", {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: metadata("allow-nothing"),
      spec: {},
    });

    const externals = externalHostsOf(workloads.flatMap((node) => node.external));
    const callees = workloads.flatMap((node) => graph.calleesOf(node.name).map((edge) => graph.node(edge.to)));
    const egressHosts = [
      `${environment.mesh.istiod.namespace}/*`,
      ...callees.map((callee) => `${callee.namespace}/${serviceHost(callee.name, callee.namespace, environment)}`),
      ...workloads.flatMap((node) => node.clusterCallees.flatMap((callee) => callee.hosts.map((host) => `${callee.namespace}/${host}`))),
      ...externals.map(({ host }) => `./${host}`),
    ];
    modelObject<ISidecar>(this, "sidecar", {
      apiVersion: "networking.istio.io/v1",
      kind: "Sidecar",
      metadata: metadata("default"),
      spec: {
        egress: [{ hosts: [...new Set(egressHosts)].sort() }],
        outboundTrafficPolicy: { mode: environment.mesh.outboundTrafficPolicy },
      },
    });

    for (const { host, ports, cidrs } of externals) {
      modelObject<IServiceEntry>(this, `external-${host}`, {
        apiVersion: "networking.istio.io/v1",
        kind: "ServiceEntry",
        metadata: metadata(serviceEntryName(host)),
        spec: {
          hosts: [host],
          ...(cidrs.length > 0 ? { addresses: cidrs } : {}),
          location: "MESH_EXTERNAL",
          // A wildcard host has no single address to resolve.
          resolution: host.startsWith("*.") || cidrs.length > 0 ? "NONE" : "DNS",
          ports: ports.map(({ port, protocol }) => ({ number: port, name: `${protocol}-${port}`, protocol: SERVICE_ENTRY_PROTOCOL[protocol] })),
          exportTo: ["."],
        },
      });
    }
  }
}

/** One entry per host, with the union of its ports and addresses, in host order. */
function externalHostsOf(hosts: readonly ExternalHost[]) {
  const byHost = new Map<string, { host: string; ports: Map<number, ExternalHost["protocol"]>; cidrs: Set<string> }>();
  for (const { host, port, protocol, cidrs } of hosts) {
    const entry = byHost.get(host) ?? { host, ports: new Map(), cidrs: new Set<string>() };
    entry.ports.set(port, protocol);
    for (const cidr of cidrs) entry.cidrs.add(cidr);
    byHost.set(host, entry);
  }
  return [...byHost.values()]
    .sort((a, b) => (a.host < b.host ? -1 : 1))
    .map(({ host, ports, cidrs }) => ({
      host,
      ports: [...ports.entries()].sort(([a], [b]) => a - b).map(([port, protocol]) => ({ port, protocol })),
      cidrs: [...cidrs].sort(),
    }));
}

/** "api.stripe.com" stays as it is; "*.googleapis.com" becomes "wildcard.googleapis.com". */
export function serviceEntryName(host: string): string {
  return host.replace(/^\*\./, "wildcard.");
}
