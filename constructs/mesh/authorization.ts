// Who may call a workload, by mesh identity: its callers (every declared edge, the ingress gateway,
// Prometheus), grouped into one ALLOW rule per set of pod ports they may reach. Never `rules: [{}]`
// (allow all).
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { ingressOf, mtlsModeOf } from "../../spec/environment-settings.js";
import type { GraphPort, ServiceGraph, ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";

type Rule = NonNullable<NonNullable<IAuthorizationPolicy["spec"]>["rules"]>[number];

/** SPIFFE-style identity of a ServiceAccount: <trustDomain>/ns/<namespace>/sa/<name>. */
export function principal(environment: EnvironmentSpec, namespace: string, serviceAccount: string): string {
  return `${environment.platform.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

const portStrings = (ports: readonly number[]) => [...new Set(ports)].sort((a, b) => a - b).map(String);

/** An allowed caller: its identity (when mTLS proves it) and the pod ports it may reach. */
interface Grant {
  readonly principal?: string;
  readonly ports: readonly number[];
}

export function allowRules(node: ServiceNode, graph: ServiceGraph, environment: EnvironmentSpec): Rule[] {
  const containerPorts = (ports: readonly GraphPort[]) => ports.map((port) => port.containerPort);
  const ingress = ingressOf(environment);
  const grants: Grant[] = [
    ...graph.callersOf(node.name).map((edge) => {
      const caller = graph.node(edge.from);
      return { principal: principal(environment, caller.namespace, caller.serviceAccount), ports: containerPorts(edge.ports) };
    }),
    ...(node.exposure ? [{ principal: principal(environment, ingress.namespace, ingress.serviceAccount), ports: [node.exposure.port.containerPort] }] : []),
    ...(node.metricsPorts.length > 0
      ? [
          environment.prometheus.mtls
            ? { principal: principal(environment, environment.prometheus.namespace, environment.prometheus.serviceAccount), ports: containerPorts(node.metricsPorts) }
            : { ports: containerPorts(node.metricsPorts) },
        ]
      : []),
  ];
  // Without STRICT mTLS a caller may be plaintext and have no identity: rules limit ports only.
  if (mtlsModeOf(environment, node.namespaceKey) !== "STRICT") {
    const portSets = [...new Set(grants.map((grant) => portStrings(grant.ports).join(",")))];
    return portSets.map((ports) => ({ to: [{ operation: { ports: ports.split(",") } }] }));
  }
  // One rule per port set, naming every caller that may use it: Istio allows at most 512 rules, and
  // a popular service has more callers than that.
  const byPorts = new Map<string, { ports: string[]; principals: string[]; anonymous: boolean }>();
  for (const grant of grants) {
    const ports = portStrings(grant.ports);
    const entry = byPorts.get(ports.join(",")) ?? { ports, principals: [], anonymous: false };
    if (grant.principal === undefined) entry.anonymous = true;
    else if (!entry.principals.includes(grant.principal)) entry.principals.push(grant.principal);
    byPorts.set(ports.join(","), entry);
  }
  return [...byPorts.values()].flatMap(({ ports, principals, anonymous }) => [
    ...chunks(principals, MAX_PRINCIPALS_PER_RULE).map((chunk) => ({ from: [{ source: { principals: chunk } }], to: [{ operation: { ports } }] })),
    ...(anonymous ? [{ to: [{ operation: { ports } }] }] : []),
  ]);
}

/** Istio's schema bounds list lengths; this keeps a rule's principal list well within them. */
const MAX_PRINCIPALS_PER_RULE = 256;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
