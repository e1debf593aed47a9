// Per namespace: deny all traffic not explicitly allowed, and allow DNS.
import { k8s } from "cdk8s-plus-28";
import { coreObject } from "../model-object.js";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../spec/index.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { dnsEgress } from "./policy-rules.js";

export interface NamespaceNetworkPoliciesProps {
  readonly environment: EnvironmentSpec;
  /** Kubernetes namespace name. */
  readonly namespace: string;
}

export class NamespaceNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    const { environment, namespace } = props;
    const labels = objectLabels(platformIdentity(environment, "network"), environment);
    coreObject(this, "default-deny", k8s.KubeNetworkPolicy, {
      metadata: { name: "default-deny", namespace, labels },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    coreObject(this, "allow-dns", k8s.KubeNetworkPolicy, {
      metadata: { name: "allow-dns", namespace, labels },
      spec: { podSelector: {}, policyTypes: ["Egress"], egress: [dnsEgress(environment)] },
    });
  }
}
