// Per meshed workload: its ALLOW AuthorizationPolicy, the DestinationRule and VirtualService its
// callers use, and — when Prometheus scrapes without mesh certificates — plaintext on the metrics port.
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { Construct } from "constructs";
import { mtlsModeOf, serviceHost } from "../../spec/environment-settings.js";
import type { ServiceGraph } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { serving } from "../../spec/workload.js";
import { selectorLabels, serviceLabels } from "../labels.js";
import { modelObject } from "../model-object.js";
import { allowRules } from "./authorization.js";
import { destinationRuleSpec, meshRoutes } from "./traffic-policy.js";

export interface WorkloadMeshPolicyProps {
  readonly environment: EnvironmentSpec;
  readonly graph: ServiceGraph;
  readonly serviceName: string;
}

export class WorkloadMeshPolicy extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadMeshPolicyProps) {
    super(scope, id);
    const { environment, graph, serviceName: name } = props;
    const node = graph.node(name);
    const traffic = serving(environment.services[name]!)?.traffic;
    const metadata = { name, namespace: node.namespace, labels: serviceLabels(name, environment) };
    const selector = { matchLabels: selectorLabels(name, environment) };
    const host = serviceHost(name, node.namespace, environment);

    const rules = allowRules(node, graph, environment);
    modelObject<IAuthorizationPolicy>(this, "authorization", {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata,
      // With no rules, an ALLOW policy matches nothing: the namespace's allow-nothing then applies.
      spec: { selector, action: "ALLOW", ...(rules.length === 0 ? {} : { rules }) },
    });

    if (node.metricsPorts.length > 0 && !environment.prometheus.mtls && mtlsModeOf(environment, node.namespaceKey) === "STRICT") {
      modelObject<IPeerAuthentication>(this, "metrics-plaintext", {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { ...metadata, name: `${name}-metrics` },
        spec: { selector, mtls: { mode: "STRICT" }, portLevelMtls: Object.fromEntries(node.metricsPorts.map((port) => [String(port.containerPort), { mode: "PERMISSIVE" as const }])) },
      });
    }

    // Callers' traffic policy: only a serving workload is called (a job serves no one).
    if (node.ports.length === 0 || traffic === undefined) return;
    modelObject<IDestinationRule>(this, "destination-rule", {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata,
      spec: destinationRuleSpec(host, traffic),
    });
    const routes = meshRoutes(
      host,
      node.ports.filter((port) => !node.metricsPorts.includes(port)),
      traffic,
    );
    if (routes.length > 0) {
      modelObject<IVirtualService>(this, "virtual-service", {
        apiVersion: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata,
        spec: { hosts: [host], http: routes },
      });
    }
  }
}
