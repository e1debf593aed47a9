// Staging: production's shape at a smaller scale, Istio with the CNI plugin.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "staging", server: "https://staging.k8s.example.com:6443" },
  labels: { environment: "staging" },
  namespaces: { "ai-api": { name: "ai-api-staging" } },
  mesh: { injection: true, cni: true },
  ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt-staging" } } },
  prometheus: { selector: { release: "kube-prometheus-stack" } },
  // The clusters run kube-prometheus-stack without its default rules, so slipway adds workload alerts.
  // Values live in Vault under a KV mount per environment; only External Secrets reads them.
  secretStores: { vault: { vault: { server: "https://vault.example.com:8200", path: "ai-api-staging", auth: { role: "ai-api" } } } },
  alerting: { runbookBaseUrl: "https://runbooks.example.com/ai-api", severity: { page: "critical", ticket: "warning" }, workloadAlerts: true },
  services: {
    "api-gateway": { autoscaling: { min: 2, max: 4 }, expose: { host: "api.staging.example.com" } },
    "consciousness-service": { autoscaling: { min: 2, max: 10 } },
  },
});
