// The service catalog: every service declared once. Environments (dev.ts, production.ts) override
// values of these declarations; `npm run synth` renders each to dist/<environment>/.
import { definePlatform } from "slipway";

const probes = {
  readiness: { http: { path: "/ready" } },
  liveness: { http: { path: "/healthz" } },
};

export default definePlatform({
  platform: { name: "{{name}}", registry: "ghcr.io/{{name}}", team: "platform" },
  services: {
    // Public: reached through the ingress at the host each environment gives it.
    web: {
      image: { repository: "web", tag: "1.0.0" },
      ports: [{ name: "http", port: 8080 }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      probes,
      replicas: 2,
      dependsOn: ["api"],
    },
    // Internal: only web may call it (the NetworkPolicies say so).
    api: {
      image: { repository: "api", tag: "1.0.0" },
      ports: [{ name: "http", port: 8080 }],
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      probes,
      autoscaling: { min: 2, max: 6, cpu: 75 },
    },
  },
});
