// Per workload: ingress from exactly its callers, the ingress controller when exposed and
// Prometheus on its metrics ports; egress to exactly its callees, its outside hosts and istiod.
import { k8s } from "cdk8s-plus-28";
import { coreObject } from "../model-object.js";
import { Construct } from "constructs";
import type { ServiceGraph } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { selectorLabels, serviceLabels } from "../labels.js";
import { workloadEgress, workloadIngress } from "./policy-rules.js";

export interface WorkloadNetworkPolicyProps {
  readonly environment: EnvironmentSpec;
  readonly graph: ServiceGraph;
  readonly serviceName: string;
}

export class WorkloadNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadNetworkPolicyProps) {
    super(scope, id);
    const { environment, graph, serviceName } = props;
    const node = graph.node(serviceName);
    coreObject(this, "policy", k8s.KubeNetworkPolicy, {
      metadata: {
        name: serviceName,
        namespace: node.namespace,
        labels: serviceLabels(serviceName, environment),
      },
      spec: {
        podSelector: { matchLabels: selectorLabels(serviceName, environment) },
        policyTypes: ["Ingress", "Egress"],
        ingress: workloadIngress(node, graph, environment),
        egress: workloadEgress(node, graph, environment),
      },
    });
  }
}
