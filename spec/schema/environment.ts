// Settings of one environment: where it runs, its namespaces (tenants), mesh and monitoring
// settings. Per-service overrides live beside these in the environment file (see define.ts).
import { z } from "zod";
import { dnsLabel, dnsSubdomain, labels, quantity } from "../formats.js";

const podSecurityLevel = z.enum(["restricted", "baseline"]);

const QUOTA_KEYS = [
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
  "pods",
  "services",
  "configmaps",
  "secrets",
  "persistentvolumeclaims",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

export const QuotaSchema = z
  .strictObject(
    Object.fromEntries(QUOTA_KEYS.map((key) => [key, quantity.optional().describe(`Hard limit on ${key} summed over the namespace.`)])) as Record<
      QuotaKey,
      z.ZodOptional<typeof quantity>
    >,
  )
  .describe(
    "ResourceQuota `hard` limits. @default derived from the namespace's services at their maximum scale plus rolling-update surge (and mesh sidecars). When set, slipway checks the declared maximum scale fits.",
  );

const cpu = quantity.describe('CPU, e.g. "250m" or "1".');
const memory = quantity.describe('Memory, e.g. "256Mi" or "1Gi".');
const resourcePair = z.strictObject({ cpu: cpu.optional(), memory: memory.optional() });

export const LimitRangeSchema = z
  .strictObject({
    defaultRequest: z
      .strictObject({ cpu: cpu.default("100m"), memory: memory.default("128Mi") })
      .prefault({})
      .describe("Requests given to containers that declare none."),
    default: z
      .strictObject({ cpu: cpu.optional(), memory: memory.default("512Mi") })
      .prefault({})
      .describe("Limits given to containers that declare none."),
    max: resourcePair.optional().describe("Largest limit a container may declare."),
    min: resourcePair.optional().describe("Smallest request a container may declare."),
  })
  .describe("LimitRange for containers (protects the namespace from workloads slipway did not render).");

export const NamespaceSchema = z
  .strictObject({
    name: dnsLabel.optional().describe("Kubernetes namespace name. @default the key in `namespaces`."),
    labels: labels.default({}).describe("Extra namespace labels."),
    podSecurity: podSecurityLevel.optional().describe("Pod Security level enforced here. @default the environment's."),
    quota: QuotaSchema.optional(),
    limitRange: LimitRangeSchema.prefault({}),
  })
  .meta({ id: "Namespace", description: "A namespace (a tenant)." });

export const MeshSchema = z
  .strictObject({
    injection: z.boolean().default(false).describe("Inject Istio sidecars into the environment's namespaces."),
    cni: z
      .boolean()
      .default(false)
      .describe("The Istio CNI plugin is installed. Without it istio-init needs NET_ADMIN, so namespaces enforce 'baseline' (and warn/audit 'restricted')."),
    revision: dnsLabel.optional().describe("Istio revision: labels namespaces istio.io/rev=<revision> instead of istio-injection=enabled."),
    sidecar: z
      .strictObject({
        requests: z.strictObject({ cpu: cpu.default("100m"), memory: memory.default("128Mi") }).prefault({}).describe("Sidecar requests (Istio's defaults)."),
        limits: z.strictObject({ cpu: cpu.default("2000m"), memory: memory.default("1Gi") }).prefault({}).describe("Sidecar limits (Istio's defaults)."),
      })
      .prefault({})
      .describe("istio-proxy resources, set on each pod by annotation and counted in derived quotas."),
  })
  .describe("Service mesh (Istio) settings.");

export const ClusterSchema = z
  .strictObject({
    name: dnsSubdomain.default("in-cluster").describe("Cluster name as Argo CD knows it."),
    server: z
      .url({ protocol: /^https$/, error: "cluster.server must be an https:// URL (e.g. https://kubernetes.default.svc)" })
      .default("https://kubernetes.default.svc")
      .describe("API server URL as Argo CD knows it."),
    kubernetesVersion: z
      .string()
      .regex(/^1\.[0-9]+$/, { error: 'use a minor version such as "1.28"' })
      .default("1.28")
      .describe("Minor version the manifests target; pins the pod-security.kubernetes.io/*-version labels."),
  })
  .describe("Target cluster.");

export const PrometheusSchema = z
  .strictObject({
    selector: labels.default({}).describe("Labels Prometheus selects monitors and rules by (kube-prometheus-stack: { release: <name> })."),
  })
  .describe("Prometheus settings.");

/** Fields of an environment other than its service overrides. */
export const environmentFields = {
  cluster: ClusterSchema.prefault({}),
  labels: labels.default({}).describe("Labels added to every object of the environment (never to selectors)."),
  namespaces: z
    .record(dnsLabel, NamespaceSchema)
    .refine((namespaces) => Object.keys(namespaces).length > 0, {
      error: 'declare at least one namespace, e.g. namespaces: { "ai-platform": {} }',
    })
    .transform((namespaces) =>
      Object.fromEntries(Object.entries(namespaces).map(([key, namespace]) => [key, { ...namespace, name: namespace.name ?? key }])),
    )
    .describe("Namespaces keyed by the name services refer to; one per tenant."),
  podSecurity: podSecurityLevel
    .optional()
    .describe("Pod Security level to enforce. @default 'restricted', or 'baseline' when sidecars are injected without the Istio CNI plugin."),
  mesh: MeshSchema.prefault({}),
  prometheus: PrometheusSchema.prefault({}),
};

export type NamespaceSpec = z.output<typeof NamespaceSchema> & { name: string };
export type MeshSpec = z.output<typeof MeshSchema>;
