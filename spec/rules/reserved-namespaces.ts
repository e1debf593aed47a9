// Namespaces slipway must never manage: Kubernetes' own, and those of the platform components the
// environment names. Each namespace slipway manages gets a default-deny NetworkPolicy, Pod Security
// enforcement, a LimitRange and a quota sized for its services, which would cut cluster DNS, the
// mesh or monitoring off.
import { ingressOf, isMeshed } from "../environment-settings.js";
import type { EnvironmentSpec } from "../schema/environment-spec.js";
import { serving } from "../workload.js";
import type { FieldIssue } from "../zod-issues.js";

const KUBERNETES_NAMESPACES: Readonly<Record<string, string>> = {
  "kube-system": "Kubernetes' system namespace (cluster DNS, kube-proxy, the network plugin)",
  "kube-public": "Kubernetes' public namespace (cluster-info, readable by everyone)",
  "kube-node-lease": "Kubernetes' node heartbeat namespace",
  default: "Kubernetes' default namespace (the API server's own Service)",
};

/** Namespace name → what runs there, for every namespace services must not run in. */
export function reservedNamespaces(environment: EnvironmentSpec): Map<string, string> {
  const reserved = new Map<string, string>();
  const reserve = (namespace: string, why: string) => {
    if (!reserved.has(namespace)) reserved.set(namespace, why);
  };
  for (const [namespace, why] of Object.entries(KUBERNETES_NAMESPACES)) reserve(namespace, why);
  reserve(environment.network.dns.namespace, "the cluster DNS namespace (network.dns.namespace)");
  const ingress = ingressOf(environment);
  if (isMeshed(environment) || ingress.controller === "istio") reserve(environment.mesh.istiod.namespace, "istiod's namespace (mesh.istiod.namespace)");
  if (environment.ingress !== undefined || Object.values(environment.services).some((service) => serving(service)?.expose !== undefined)) {
    reserve(ingress.namespace, "the ingress controller's namespace (ingress.namespace)");
  }
  reserve(environment.prometheus.namespace, "Prometheus's namespace (prometheus.namespace)");
  const argocd = environment.platform.gitops?.argocdNamespace;
  if (argocd !== undefined) reserve(argocd, "Argo CD's namespace (platform.gitops.argocdNamespace)");
  return reserved;
}

export function reservedNamespaceRules(environment: EnvironmentSpec): FieldIssue[] {
  const reserved = reservedNamespaces(environment);
  return Object.entries(environment.namespaces).flatMap(([key, namespace]) => {
    const why = reserved.get(namespace.name);
    if (why === undefined) return [];
    return [
      {
        path: namespace.name === key ? ["namespaces", key] : ["namespaces", key, "name"],
        message: `"${namespace.name}" is ${why}: slipway would render a default-deny NetworkPolicy, Pod Security enforcement and a quota into it and cut what runs there off; run the services in a namespace of their own`,
      },
    ];
  });
}
