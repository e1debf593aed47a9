// The AI API platform's service catalog: every service declared once. Environments override
// values of this catalog (see dev.ts, staging.ts, production.ts); they never add code.
import { definePlatform } from "slipway";

const health = {
  readiness: { http: { path: "/ready" }, periodSeconds: 5 },
  liveness: { http: { path: "/healthz" }, periodSeconds: 10, failureThreshold: 6 },
} as const;

export default definePlatform({
  platform: {
    name: "ai-api",
    version: "2026.11.0",
    owner: "platform-team",
    team: "ai-platform",
    registry: "registry.example.com/ai-api",
    trustDomain: "cluster.local",
    // The output repository Argo CD syncs; `npx slipway publish` commits dist/ there.
    gitops: { repoURL: "https://github.com/example/ai-api-deploy.git" },
  },
  services: {
    "api-gateway": {
      image: { repository: "api-gateway", tag: "3.2.1" },
      ports: [
        { name: "http", port: 80, containerPort: 8080 },
        { name: "metrics", port: 9090 },
      ],
      env: { LOG_FORMAT: "json", UPSTREAM_TIMEOUT_MS: "15000" },
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      probes: health,
      writablePaths: ["/tmp"],
      autoscaling: { min: 2, max: 10, cpu: 70 },
      dependsOn: ["auth-service", { service: "consciousness-service", ports: ["grpc"] }, "analytics-service"],
      expose: { host: "api.example.com", path: "/" },
      metrics: { port: "metrics" },
      slo: { availability: 99.9, latency: { thresholdMs: 250 } },
    },
    "consciousness-service": {
      image: { repository: "consciousness-service", tag: "5.14.0" },
      ports: [
        { name: "grpc", port: 9000, protocol: "grpc" },
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      env: { MODEL_CACHE_DIR: "/var/cache/models", MAX_BATCH_SIZE: "32" },
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
      probes: {
        startup: { http: { path: "/healthz" }, periodSeconds: 5, failureThreshold: 60 },
        readiness: { grpc: {}, periodSeconds: 5 },
        liveness: { http: { path: "/healthz" }, periodSeconds: 10, failureThreshold: 6 },
      },
      writablePaths: ["/tmp", "/var/cache/models"],
      autoscaling: {
        min: 3,
        max: 100,
        cpu: 70,
        memory: 80,
        // Scaled on the requests Prometheus scrapes from the service itself, through KEDA: a Pods
        // metric would need prometheus-adapter serving the custom metrics API.
        metrics: [{ name: "requests-per-second", query: 'sum(rate(consciousness_requests_total{namespace="${namespace}",service="${service}"}[2m]))', threshold: 100 }],
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 100, periodSeconds: 30 }] },
          scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 10, periodSeconds: 60 }] },
        },
      },
      vpa: { mode: "Auto", minAllowed: { cpu: "100m", memory: "128Mi" }, maxAllowed: { cpu: "2", memory: "4Gi" } },
      dependsOn: ["auth-service", "analytics-service"],
      metrics: { port: "metrics", interval: "15s" },
      external: [{ host: "api.openai.com", port: 443, protocol: "https" }],
      alerts: [
        {
          name: "ConsciousnessServiceDown",
          expr: 'sum(up{namespace="${namespace}", service="${service}"}) == 0 or absent(up{namespace="${namespace}", service="${service}"})',
          for: "2m",
          severity: "page",
          summary: "${service} has no instance Prometheus can scrape in ${namespace}",
          description: "Every ${service} target in ${namespace} is down or gone: API calls that need it fail.",
        },
        {
          name: "HighConsciousnessLatency",
          expr: 'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="${namespace}", destination_workload="${service}"}[5m]))) > 2500',
          for: "10m",
          severity: "ticket",
          summary: "${service} p99 latency is above 2.5 s in ${namespace}",
          description: "p99 latency has been {{ $value | humanize }} ms for 10 minutes.",
        },
      ],
      traffic: { timeout: "30s", retries: { attempts: 2, perTryTimeout: "10s" } },
      slo: { availability: 99.9, latency: { thresholdMs: 1000, objective: 95 } },
      terminationGracePeriodSeconds: 60,
    },
    "auth-service": {
      image: { repository: "auth-service", tag: "2.7.3" },
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      env: { TOKEN_TTL_SECONDS: "900", JWKS_CACHE_SECONDS: "300" },
      secrets: [
        { name: "db-username", key: "auth-service/database", property: "username", env: "DB_USERNAME" },
        { name: "db-password", key: "auth-service/database", property: "password", env: "DB_PASSWORD" },
        { name: "jwt-signing-key", key: "auth-service/jwt-signing", property: "private-key", mountPath: "/var/run/secrets/signing" },
      ],
      resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "384Mi" } },
      probes: health,
      replicas: 2,
      metrics: { port: "metrics" },
      slo: { availability: 99.95, latency: { thresholdMs: 100 } },
    },
    "analytics-service": {
      image: { repository: "analytics-service", tag: "1.9.0" },
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      env: { BATCH_FLUSH_SECONDS: "10" },
      secrets: [
        { name: "database-url", key: "analytics-service/database", property: "url", env: "DATABASE_URL" },
        { name: "event-signing-key", key: "analytics-service/event-signing", property: "hmac-key", env: "EVENT_SIGNING_KEY" },
      ],
      resources: { requests: { cpu: "300m", memory: "512Mi" }, limits: { memory: "1Gi" } },
      probes: health,
      writablePaths: ["/tmp"],
      replicas: 2,
      vpa: { mode: "Auto", minAllowed: { cpu: "100m", memory: "256Mi" }, maxAllowed: { cpu: "1", memory: "2Gi" } },
      containers: {
        "event-shipper": {
          image: { repository: "docker.io/timberio/vector", tag: "0.43.1-distroless-libc" },
          args: ["--config", "/etc/vector/vector.yaml"],
          ports: [{ name: "shipper-api", port: 8686 }],
          resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          probes: {
            readiness: { http: { path: "/health" } },
            liveness: { http: { path: "/health" }, failureThreshold: 6 },
          },
          writablePaths: ["/var/lib/vector"],
        },
      },
      metrics: { port: "metrics" },
      slo: { availability: 99.5 },
    },
  },
});
