// Development: one cluster shared by the team, Istio without the CNI plugin, minimal footprint.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "dev", server: "https://dev.k8s.example.com:6443" },
  labels: { environment: "dev" },
  namespaces: { "ai-api": { name: "ai-api-dev" } },
  mesh: { injection: true, cni: false },
  ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt-staging" } } },
  prometheus: { selector: { release: "kube-prometheus-stack" } },
  // The clusters run kube-prometheus-stack without its default rules, so slipway adds workload alerts.
  // Values live in Vault under a KV mount per environment; only External Secrets reads them.
  secretStores: { vault: { vault: { server: "https://vault.example.com:8200", path: "ai-api-dev", auth: { role: "ai-api" } } } },
  alerting: { runbookBaseUrl: "https://runbooks.example.com/ai-api", severity: { page: "critical", ticket: "warning" }, workloadAlerts: true },
  services: {
    "api-gateway": {
      autoscaling: { min: 1, max: 2 },
      expose: { host: "api.dev.example.com" },
      env: { LOG_LEVEL: "debug" },
    },
    "consciousness-service": {
      autoscaling: { min: 1, max: 3 },
      resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } },
    },
    "auth-service": { replicas: 1 },
    "analytics-service": { replicas: 1, traffic: { fault: { delay: { percent: 5, fixedDelay: "2s" } } } },
  },
});
