// Synthetic platforms for the benchmark: N services across 3 namespaces, each with 2 ports,
// autoscaling, a VPA, an SLO, 1–4 dependencies on other services and, for half of them, public
// exposure; rendered in 3 environments. Deterministic: the same N gives the same config.
export const BENCH_NAMESPACES = ["core", "edge", "data"] as const;
export const BENCH_ENVIRONMENTS = ["dev", "staging", "production"] as const;

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(4, "0")}`;
}

/**
 * 1–4 dependencies among the 40 services before this one (acyclic; callers spread evenly, about
 * 2.5 per service), picked by a fixed stride.
 */
function dependenciesOf(index: number): string[] {
  if (index === 0) return [];
  const window = Math.min(index, 40);
  const count = Math.min(window, 1 + (index % 4));
  return [...new Set(Array.from({ length: count }, (_, k) => serviceName(index - 1 - ((index * 7 + k * 13) % window))))];
}

export function syntheticConfig(services: number): Record<string, unknown> {
  const catalog: Record<string, unknown> = {};
  for (let index = 0; index < services; index++) {
    const name = serviceName(index);
    catalog[name] = {
      image: { repository: name, tag: "1.0.0" },
      namespace: BENCH_NAMESPACES[index % BENCH_NAMESPACES.length],
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      probes: { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } },
      autoscaling: { min: 2, max: 10, cpu: 70 },
      vpa: { mode: "Off" },
      dependsOn: dependenciesOf(index),
      metrics: { port: "metrics" },
      slo: { availability: 99.9, latency: { thresholdMs: 250 } },
      ...(index % 2 === 0 ? { expose: { host: `${name}.example.com` } } : {}),
    };
  }
  const namespaces = Object.fromEntries(BENCH_NAMESPACES.map((namespace) => [namespace, {}]));
  // Every environment is meshed: SLOs are measured from Istio's request metrics.
  const environment = (name: string) => ({
    cluster: { name, server: `https://${name}.k8s.example.com:6443` },
    namespaces,
    mesh: { injection: true, cni: true },
    ingress: { controller: "istio", tls: { issuer: { name: "letsencrypt" } } },
    prometheus: { selector: { release: "kube-prometheus-stack" } },
    alerting: { runbookBaseUrl: "https://runbooks.example.com/bench" },
  });
  return {
    platform: { name: "bench", registry: "registry.example.com/bench", gitops: { repoURL: "https://git.example.com/bench/deploy.git" } },
    services: catalog,
    environments: Object.fromEntries(BENCH_ENVIRONMENTS.map((name) => [name, environment(name)])),
  };
}
