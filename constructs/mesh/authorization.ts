// Who may call a workload, by mesh identity: one ALLOW rule per declared edge (plus the ingress
// gateway and Prometheus), each limited to the edge's pod ports. Never `rules: [{}]` (allow all).
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
    ...(node.metricsPort
      ? [
          environment.prometheus.mtls
            ? { principal: principal(environment, environment.prometheus.namespace, environment.prometheus.serviceAccount), ports: [node.metricsPort.containerPort] }
            : { ports: [node.metricsPort.containerPort] },
        ]
      : []),
  ];
  // Without STRICT mTLS a caller may be plaintext and have no identity: rules limit ports only.
  if (mtlsModeOf(environment, node.namespaceKey) !== "STRICT") {
    const portSets = [...new Set(grants.map((grant) => portStrings(grant.ports).join(",")))];
    return portSets.map((ports) => ({ to: [{ operation: { ports: ports.split(",") } }] }));
  }
  return grants.map((grant) => ({
    ...(grant.principal === undefined ? {} : { from: [{ source: { principals: [grant.principal] } }] }),
    to: [{ operation: { ports: portStrings(grant.ports) } }],
  }));
}
