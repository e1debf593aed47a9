// Production: a namespace per tenant with its own quota, Istio with CNI.
import { defineEnvironment } from "../../spec/define.js";
import { TENANTS, tenantNamespace } from "./_tenants.js";

export default defineEnvironment({
  cluster: { name: "production", server: "https://k8s.homes.example.com:6443" },
  namespaces: {
    shared: {},
    ...Object.fromEntries(TENANTS.map((tenant) => [tenantNamespace(tenant), { quota: { pods: "20", "requests.cpu": "4", "requests.memory": "8Gi" } }])),
  },
  mesh: { injection: true, cni: true },
  ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt-prod" } } },
  prometheus: { selector: { release: "kube-prometheus-stack" } },
});
