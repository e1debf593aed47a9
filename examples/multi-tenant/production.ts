// Production: a namespace per tenant with its own quota, Istio with CNI.
import { defineEnvironment } from "slipway";
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
  secretStores: { vault: { vault: { server: "https://vault.homes.example.com:8200", path: "real-estate", auth: { role: "real-estate" } } } },
  network: { apiServer: { cidrs: ["10.100.0.1/32", "10.0.0.0/28"] } },
  alerting: { runbookBaseUrl: "https://runbooks.homes.example.com" },
  // Velero nightly, kept 30 days; the database is archived continuously (at most 5 minutes lost).
  backups: { schedule: "0 2 * * *", ttl: "720h" },
  recovery: { rpo: "24h", rto: "1h" },
});
