// Production: full scale, Istio with the CNI plugin, an explicit quota sized for autoscaling.max.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "production", server: "https://production.k8s.example.com:6443" },
  // The same manifests run in a second region and on the disaster-recovery cluster.
  additionalClusters: [
    { name: "eu-west", server: "https://production-eu.k8s.example.com:6443" },
    { name: "dr", server: "https://production-dr.k8s.example.com:6443" },
  ],
  gitops: {
    notifications: [
      { trigger: "on-sync-failed", service: "slack", recipient: "ai-api-deploys" },
      { trigger: "on-health-degraded", service: "slack", recipient: "ai-api-deploys" },
      { trigger: "on-health-degraded", service: "pagerduty", recipient: "ai-api-production" },
    ],
    // A weekend change freeze: nothing syncs from Friday 18:00 to Monday 06:00 unless someone syncs by hand.
    syncWindows: [{ kind: "deny", schedule: "0 18 * * 5", duration: "60h", timeZone: "Europe/Paris", manualSync: true }],
  },
  labels: { environment: "production" },
  namespaces: {
    "ai-api": {
      quota: {
        "requests.cpu": "160",
        "requests.memory": "320Gi",
        "limits.memory": "700Gi",
        pods: "200",
      },
      limitRange: { max: { memory: "8Gi" } },
    },
  },
  mesh: { injection: true, cni: true },
  ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt-prod" } } },
  prometheus: { selector: { release: "kube-prometheus-stack" } },
  // The clusters run kube-prometheus-stack without its default rules, so slipway adds workload alerts.
  // Values live in Vault under a KV mount per environment; only External Secrets reads them.
  secretStores: { vault: { vault: { server: "https://vault.example.com:8200", path: "ai-api-production", auth: { role: "ai-api" } } } },
  secretRotation: "reloader",
  alerting: { runbookBaseUrl: "https://runbooks.example.com/ai-api", severity: { page: "critical", ticket: "warning" }, workloadAlerts: true },
  services: {
    "api-gateway": { autoscaling: { min: 3, max: 20 } },
    "auth-service": { replicas: 3 },
    "analytics-service": { replicas: 3 },
  },
});
