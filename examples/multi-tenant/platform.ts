// A multi-tenant real-estate platform: one portal per tenant, each in the tenant's namespace,
// calling the shared listing search in the `shared` namespace (cross-namespace edges). Listings
// live in one PostgreSQL cluster in `shared` (CloudNativePG), behind a PgBouncer pooler, archived
// continuously for point-in-time recovery; each tenant's portal reaches it through the pooler.
import { definePlatform, defineService } from "slipway";
import { TENANTS, tenantNamespace } from "./_tenants.js";

const probes = { readiness: { http: { path: "/ready" } }, liveness: { http: { path: "/healthz" } } } as const;

const portal = (tenant: string) =>
  defineService({
    namespace: tenantNamespace(tenant),
    image: { repository: "portal", tag: "7.1.0" },
    ports: [{ name: "http", port: 8080 }],
    env: { TENANT: tenant },
    resources: { requests: { cpu: "100m", memory: "256Mi" } },
    probes,
    replicas: 2,
    dependsOn: [{ service: "listing-search", ports: ["http"] }, "listings"],
    expose: { host: `${tenant}.homes.example.com` },
  });

export default definePlatform({
  platform: { name: "real-estate", registry: "registry.example.com/real-estate", team: "marketplace" },
  services: {
    "listing-search": {
      namespace: "shared",
      image: { repository: "listing-search", tag: "3.0.4" },
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      resources: { requests: { cpu: "500m", memory: "1Gi" } },
      probes,
      autoscaling: { min: 2, max: 12, cpu: 70 },
      metrics: { port: "metrics" },
      dependsOn: ["listings"],
    },
    ...Object.fromEntries(TENANTS.map((tenant) => [`portal-${tenant}`, portal(tenant)])),
  },
  databases: {
    listings: {
      namespace: "shared",
      version: "16.4",
      instances: 3,
      storage: { size: "50Gi", storageClass: "gp3" },
      resources: { requests: { cpu: "1", memory: "4Gi" } },
      parameters: { max_connections: "300" },
      pooler: { instances: 2, mode: "transaction", parameters: { max_client_conn: "2000", default_pool_size: "40" } },
      backup: {
        destination: "s3://real-estate-pg/listings",
        schedule: "0 1 * * *",
        retention: "30d",
        credentials: {
          accessKeyId: { key: "real-estate/pg-backup", property: "access-key-id" },
          secretAccessKey: { key: "real-estate/pg-backup", property: "secret-access-key" },
        },
      },
    },
  },
});
