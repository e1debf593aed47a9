// Production: the storefront's namespace, shared with the app's own chart.
import { defineEnvironment } from "slipway";

export default defineEnvironment({
  cluster: { name: "production", server: "https://production.k8s.example.com:6443" },
  ingress: { controller: "ingress", className: "nginx", tls: { issuer: { name: "letsencrypt-prod" } } },
  namespaces: { storefront: { name: "storefront", quota: { pods: "30", "requests.cpu": "6", "requests.memory": "8Gi", "limits.memory": "12Gi" } } },
});
