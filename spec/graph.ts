// The service graph of one environment, computed once: who runs where under which identity,
// who may call whom on which ports, what is exposed and which outside hosts are called.
// Every network and mesh object is derived from it; nothing asks the user to repeat an edge.
import { serviceHost } from "./environment-settings.js";
import type { EnvironmentSpec } from "./schema/environment-spec.js";
import type { DependencySpec, ServiceSpec } from "./schema/service.js";
import { databaseNamespace, databasePodLabels, poolerName, poolerPodLabels, POSTGRES_PORT } from "./database.js";
import { metricsOf, namespaceKeyOf, namespaceNameOf, servedPorts, serving } from "./workload.js";
import { compareStrings } from "./order.js";

export interface GraphPort {
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /** The pod port: what NetworkPolicies and sidecars see. */
  readonly containerPort: number;
  readonly protocol: "http" | "grpc" | "tcp";
  readonly container: string;
}

export interface Exposure {
  readonly host: string;
  readonly path: string;
  readonly port: GraphPort;
  readonly tlsSecret?: string;
  /** Annotations of the route (the Ingress, or Istio's public VirtualService). */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ExternalHost {
  readonly host: string;
  readonly port: number;
  readonly protocol: "https" | "tls" | "http" | "grpc" | "tcp";
  readonly cidrs: readonly string[];
}

/**
 * A callee that is no service node: a cluster service slipway does not render (`clusterServices`),
 * or a database (`databases`), whose pods the operator runs.
 */
export interface ClusterCallee {
  readonly kind: "cluster-service" | "database";
  /** Its key in `clusterServices` or `databases`. */
  readonly name: string;
  readonly namespace: string;
  /** Its cluster host names, <service>.<namespace>.svc.<cluster domain> (a database's -rw, -ro and -r). */
  readonly hosts: readonly string[];
  readonly podLabels: Readonly<Record<string, string>>;
  /** The ports called: those the dependency names, else all it declares. */
  readonly ports: readonly { readonly name: string; readonly port: number; readonly containerPort: number; readonly protocol: string }[];
}

export interface ServiceNode {
  readonly name: string;
  readonly namespaceKey: string;
  /** Kubernetes namespace name. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Every port the pod serves to others (internal ones left out), main container first. */
  readonly ports: readonly GraphPort[];
  /** The ports Prometheus scrapes, in the order `metrics` lists them. */
  readonly metricsPorts: readonly GraphPort[];
  readonly exposure?: Exposure;
  readonly external: readonly ExternalHost[];
  /** Cluster services it calls, in `dependsOn` order. */
  readonly clusterCallees: readonly ClusterCallee[];
}

export type ExposedNode = ServiceNode & { readonly exposure: Exposure };

export function isExposed(node: ServiceNode): node is ExposedNode {
  return node.exposure !== undefined;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly GraphPort[];
}

export interface ServiceGraph {
  /** Nodes by service name, in name order. */
  readonly nodes: ReadonlyMap<string, ServiceNode>;
  /** Edges in (from, to) order. */
  readonly edges: readonly Edge[];
  callersOf(service: string): readonly Edge[];
  calleesOf(service: string): readonly Edge[];
  node(service: string): ServiceNode;
}

/** Ports a dependency uses: those it names, else the callee main container's ports but its metrics ports. */
export function edgePorts(dependency: DependencySpec, calleeName: string, callee: ServiceSpec): GraphPort[] {
  const ports = servedPorts(calleeName, callee);
  if (dependency.ports !== undefined) return ports.filter((port) => dependency.ports!.includes(port.name));
  return ports.filter((port) => port.container === calleeName && !metricsOf(callee).some((metrics) => metrics.port === port.name));
}

/** Assumes a spec that passed the rules (known services, ports and namespaces). */
export function buildGraph(environment: EnvironmentSpec): ServiceGraph {
  const names = Object.keys(environment.services).sort();
  const nodes = new Map(names.map((name) => [name, serviceNode(name, environment.services[name]!, environment)]));
  const edges: Edge[] = [];
  const callers = new Map<string, Edge[]>(names.map((name) => [name, []]));
  const callees = new Map<string, Edge[]>(names.map((name) => [name, []]));
  for (const from of names) {
    for (const dependency of environment.services[from]!.dependsOn) {
      if (!Object.hasOwn(environment.services, dependency.service)) continue; // a cluster service: clusterCallees
      const edge = { from, to: dependency.service, ports: edgePorts(dependency, dependency.service, environment.services[dependency.service]!) };
      edges.push(edge);
      callees.get(from)!.push(edge);
      callers.get(edge.to)!.push(edge);
    }
  }
  const byName = (a: Edge, b: Edge) => (a.from === b.from ? compareStrings(a.to, b.to) : compareStrings(a.from, b.from));
  for (const list of [edges, ...callers.values(), ...callees.values()]) list.sort(byName);
  return {
    nodes,
    edges,
    callersOf: (service) => callers.get(service) ?? [],
    calleesOf: (service) => callees.get(service) ?? [],
    node: (service) => {
      const node = nodes.get(service);
      if (node === undefined) throw new Error(`no service ${service} in the graph`);
      return node;
    },
  };
}

/**
 * A database as its callers see it: the operator's instance pods on PostgreSQL's port, behind its
 * -rw, -ro and -r Services; and with a pooler, the PgBouncer pods behind <name>-pooler-rw.
 */
function databaseCallees(name: string, environment: EnvironmentSpec): ClusterCallee[] {
  const namespace = databaseNamespace(name, environment);
  const ports = [{ name: "postgres", port: POSTGRES_PORT, containerPort: POSTGRES_PORT, protocol: "tcp" }];
  const instances: ClusterCallee = { kind: "database", name, namespace, hosts: ["rw", "ro", "r"].map((suffix) => serviceHost(`${name}-${suffix}`, namespace, environment)), podLabels: databasePodLabels(name), ports };
  if (environment.databases[name]!.pooler === undefined) return [instances];
  return [instances, { kind: "database", name: poolerName(name), namespace, hosts: [serviceHost(poolerName(name), namespace, environment)], podLabels: poolerPodLabels(name), ports }];
}

function serviceNode(name: string, service: ServiceSpec, environment: EnvironmentSpec): ServiceNode {
  const ports = servedPorts(name, service);
  const exposed = serving(service)?.expose;
  const exposedPort = exposed && ports.find((port) => (exposed.port === undefined ? port.container === name && port.protocol === "http" : port.name === exposed.port));
  return {
    name,
    namespaceKey: namespaceKeyOf(service, environment)!,
    namespace: namespaceNameOf(service, environment),
    serviceAccount: name,
    ports,
    metricsPorts: metricsOf(service).map((metrics) => ports.find((port) => port.name === metrics.port)!),
    ...(exposed && exposedPort
      ? { exposure: { host: exposed.host, path: exposed.path, port: exposedPort, annotations: exposed.annotations, ...(exposed.tlsSecret ? { tlsSecret: exposed.tlsSecret } : {}) } }
      : {}),
    external: service.external,
    clusterCallees: service.dependsOn.flatMap((dependency): ClusterCallee[] => {
      if (Object.hasOwn(environment.services, dependency.service)) return [];
      if (Object.hasOwn(environment.databases, dependency.service)) return databaseCallees(dependency.service, environment);
      if (!Object.hasOwn(environment.clusterServices, dependency.service)) return [];
      const callee = environment.clusterServices[dependency.service]!;
      return [
        {
          kind: "cluster-service",
          name: dependency.service,
          namespace: callee.namespace,
          hosts: [serviceHost(callee.service ?? dependency.service, callee.namespace, environment)],
          podLabels: callee.podLabels,
          ports: dependency.ports === undefined ? callee.ports : callee.ports.filter((port) => dependency.ports!.includes(port.name)),
        },
      ];
    }),
  };
}


