// Production: the catalog's scale, a quota sized for it, a production certificate.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "production", server: "https://production.k8s.example.com:6443" },
  namespaces: {
    "{{name}}": {
      name: "{{name}}",
      quota: { pods: "20", "requests.cpu": "4", "requests.memory": "8Gi", "limits.memory": "16Gi" },
    },
  },
  ingress: { controller: "ingress", className: "nginx", tls: { issuer: { name: "letsencrypt-prod" } } },
  services: {
    web: { expose: { host: "{{name}}.example.com" } },
  },
});
