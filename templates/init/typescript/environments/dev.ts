// Development: one replica of each service, a staging certificate.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "dev", server: "https://dev.k8s.example.com:6443" },
  namespaces: { "{{name}}": { name: "{{name}}-dev" } },
  ingress: { controller: "ingress", className: "nginx", tls: { issuer: { name: "letsencrypt-staging" } } },
  services: {
    web: { replicas: 1, expose: { host: "dev.{{name}}.example.com" } },
    api: { autoscaling: { min: 1, max: 2 } },
  },
});
