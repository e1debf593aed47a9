// The checkout service, declared with slipway inside an existing cdk8s app (app/main.ts adds it
// to the app's own App, beside the app's hand-written chart). This directory is also a slipway
// config of its own: `npx slipway synth --config examples/cdk8s-app` renders the same objects.
import { definePlatform } from "slipway";

export default definePlatform({
  platform: { name: "storefront", registry: "ghcr.io/storefront", team: "payments" },
  services: {
    checkout: {
      image: { repository: "checkout", tag: "2.3.1" },
      ports: [{ name: "http", port: 8080 }],
      resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } },
      probes: { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } },
      autoscaling: { min: 2, max: 8, cpu: 70 },
      expose: { host: "shop.example.com", path: "/checkout" },
      dependsOn: ["payments-gateway"],
    },
    "payments-gateway": {
      image: { repository: "payments-gateway", tag: "1.9.0" },
      ports: [{ name: "http", port: 8443 }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      probes: { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } },
      replicas: 2,
    },
  },
});
