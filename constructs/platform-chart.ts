// One environment of the platform: per namespace its tenancy, network and mesh baselines; its
// databases and backups; per service its workload, network policy, mesh policy and public exposure. All from one graph.
import { Chart } from "cdk8s";
import { Construct } from "constructs";
import { ingressOf, isMeshed } from "../spec/environment-settings.js";
import { sharedHosts } from "../spec/shared-hosts.js";
import { isExposed, type ServiceGraph, type ServiceNode } from "../spec/graph.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { EnvironmentBackups } from "./backup/environment-backups.js";
import { PostgresDatabase } from "./database/postgres-database.js";
import { annotateForArgoCd } from "./gitops/argocd-annotations.js";
import { HostGateway } from "./exposure/host-gateway.js";
import { PublicExposure } from "./exposure/public-exposure.js";
import { NamespaceMeshPolicy } from "./mesh/namespace-mesh-policy.js";
import { WorkloadMeshPolicy } from "./mesh/workload-mesh-policy.js";
import { NamespaceNetworkPolicies } from "./network/namespace-network-policies.js";
import { NamespaceObservability } from "./observability/namespace-observability.js";
import { ServiceObservability } from "./observability/service-observability.js";
import { WorkloadNetworkPolicy } from "./network/workload-network-policy.js";
import { NamespaceSecretStores } from "./secrets/namespace-secret-stores.js";
import { readsSecretStore } from "../spec/secret-references.js";
import { ServiceExternalSecret } from "./secrets/service-external-secret.js";
import { TenantNamespace } from "./tenancy/tenant-namespace.js";
import { Workload } from "./workload/workload.js";

export interface PlatformChartProps {
  readonly environment: EnvironmentSpec;
  readonly graph: ServiceGraph;
  /** The services whose objects this chart holds. @default every service in the graph */
  readonly services?: readonly string[];
  /** Whether this chart holds the namespaces' objects. @default true */
  readonly namespaces?: boolean;
}

export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { environment, graph } = props;
    const meshed = isMeshed(environment);
    // Namespaces and services have separate subtrees: a namespace may share a service's name.
    const namespaces = new Construct(this, "namespaces");
    for (const namespaceKey of props.namespaces === false ? [] : Object.keys(environment.namespaces).sort()) {
      const scope = new Construct(namespaces, namespaceKey);
      const namespace = environment.namespaces[namespaceKey]!.name;
      new TenantNamespace(scope, "tenancy", { environment, namespaceKey });
      new NamespaceNetworkPolicies(scope, "network", { environment, namespace });
      if (meshed) new NamespaceMeshPolicy(scope, "mesh", { environment, graph, namespaceKey });
      new NamespaceObservability(scope, "observability", { environment, namespace });
      new NamespaceSecretStores(scope, "secrets", { environment, namespaceKey });
    }
    if (props.namespaces !== false) {
      const databases = new Construct(this, "databases");
      for (const name of Object.keys(environment.databases).sort()) new PostgresDatabase(databases, name, { environment, name });
    }
    const ingress = ingressOf(environment);
    const shared = sharedHosts(graph);
    if (props.namespaces !== false && ingress.controller === "istio") {
      const hosts = new Construct(this, "hosts");
      for (const [host, nodes] of shared) new HostGateway(hosts, host, { environment, ingress, host, nodes });
    }
    const backups = props.namespaces === false ? undefined : environment.backups;
    if (backups !== undefined) new EnvironmentBackups(this, "backups", { environment, backups });
    const services = new Construct(this, "services");
    for (const node of servicesOf(graph, props.services)) {
      const scope = new Construct(services, node.name);
      const serviceName = node.name;
      new Workload(scope, "workload", { environment, serviceName });
      new WorkloadNetworkPolicy(scope, "network", { environment, graph, serviceName });
      if (meshed) new WorkloadMeshPolicy(scope, "mesh", { environment, graph, serviceName });
      if (isExposed(node)) new PublicExposure(scope, "exposure", { environment, node, ...(shared.has(node.exposure.host) ? { hostSharedWith: shared.get(node.exposure.host)! } : {}) });
      new ServiceObservability(scope, "observability", { environment, node });
      if (readsSecretStore(node.name, environment.services[node.name]!)) new ServiceExternalSecret(scope, "secrets", { environment, node });
    }
    if (environment.platform.gitops !== undefined) annotateForArgoCd(this);
  }
}

function servicesOf(graph: ServiceGraph, names: readonly string[] | undefined): Iterable<ServiceNode> {
  if (names === undefined) return graph.nodes.values();
  return names.map((name) => {
    const node = graph.nodes.get(name);
    if (node === undefined) throw new Error(`service ${name} is not in the graph`);
    return node;
  });
}
