// Settings of one environment: where it runs, its namespaces (tenants), mesh and monitoring
// settings. Per-service overrides live beside these in the environment file (see define.ts).
import { z } from "zod";
import { BackupsSchema, RecoverySchema } from "./backups.js";
import { ClusterServiceSchema } from "./cluster-services.js";
import { PatchSchema } from "./patches.js";
import { cidr, cronSchedule, dnsLabel, dnsSubdomain, labels, namedRecord, nameKey, quantity, timeZone, windowDuration } from "../formats.js";

const podSecurityLevel = z.enum(["restricted", "baseline"]);
const mtlsMode = z.enum(["STRICT", "PERMISSIVE"]);

/** Where a component runs: its namespace and the labels of its pods. */
const location = (namespace: string, podLabels: Record<string, string>, what: string) =>
  z
    .strictObject({
      namespace: dnsLabel.default(namespace).describe(`Namespace of ${what}.`),
      podLabels: labels.default(podLabels).describe(`Labels of ${what}'s pods.`),
    })
    .prefault({});

export const QUOTA_KEYS = [
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
  .strictObject({
    ...(Object.fromEntries(QUOTA_KEYS.map((key) => [key, quantity.optional().describe(`Hard limit on ${key} summed over the namespace.`)])) as Record<QuotaKey, z.ZodOptional<typeof quantity>>),
    replace: z
      .boolean()
      .default(false)
      .describe("Whether the declared limits are the whole quota; otherwise they are merged key by key into the derived quota (a storage-only quota keeps the derived cpu, memory and pods)."),
  })
  .describe(
    "ResourceQuota `hard` limits. @default derived from the namespace's services at their maximum scale plus rolling-update surge (and mesh sidecars); declared keys replace the derived ones, and slipway checks the declared maximum scale fits them.",
  );

const cpu = quantity.describe('CPU, e.g. "250m" or "1".');
const memory = quantity.describe('Memory, e.g. "256Mi" or "1Gi".');
const resourcePair = z.strictObject({ cpu: cpu.optional(), memory: memory.optional() });

export const LimitRangeSchema = z
  .strictObject({
    defaultRequest: z
      .strictObject({
        cpu: cpu.optional().describe("CPU request of a container that declares none. @default 100m, brought within min and max"),
        memory: memory.optional().describe("Memory request of a container that declares none. @default 128Mi, brought within min and max and not above the default limit"),
      })
      .prefault({})
      .describe("Requests given to containers that declare none."),
    default: z
      .strictObject({
        cpu: cpu.optional().describe("CPU limit of a container that declares none. @default max.cpu when declared (as the API server defaults it), else none"),
        memory: memory.optional().describe("Memory limit of a container that declares none. @default 512Mi, brought within min and max"),
      })
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
    mtls: mtlsMode.optional().describe("Istio mTLS mode here. @default the environment's mesh.mtls."),
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
    mtls: mtlsMode
      .default("STRICT")
      .describe("PeerAuthentication mode. PERMISSIVE accepts plaintext, so slipway then emits no identity (principal) rules: AuthorizationPolicies limit ports only and NetworkPolicies carry the caller restriction."),
    istiod: location("istio-system", { app: "istiod" }, "istiod").describe("Where istiod runs (sidecars need TCP 15012 to it)."),
    outboundTrafficPolicy: z
      .enum(["REGISTRY_ONLY", "ALLOW_ANY"])
      .default("REGISTRY_ONLY")
      .describe("Sidecar outbound policy: REGISTRY_ONLY blocks hosts that are neither services nor declared externals."),
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
    domain: dnsSubdomain.default("cluster.local").describe("Cluster DNS domain of service host names (<svc>.<ns>.svc.<domain>)."),
    customMetricsApi: z
      .boolean()
      .default(false)
      .describe("The cluster serves the custom metrics API (custom.metrics.k8s.io, e.g. prometheus-adapter), which HPA Pods metrics (autoscaling.pods) read. Without it such an HPA never gets its metric."),
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
    namespace: dnsLabel.default("monitoring").describe("Namespace Prometheus runs in (NetworkPolicies admit its scrapes)."),
    podLabels: labels.default({ "app.kubernetes.io/name": "prometheus" }).describe("Labels of the Prometheus pods."),
    serviceAccount: dnsLabel.default("prometheus").describe("Prometheus's ServiceAccount, its mesh identity."),
    operator: z
      .boolean()
      .default(true)
      .describe("The cluster runs prometheus-operator. When false, no ServiceMonitor, PodMonitor or PrometheusRule is rendered."),
    url: z
      .url({ protocol: /^https?$/, error: "prometheus.url must be an http(s):// URL, e.g. http://prometheus-operated.monitoring.svc:9090" })
      .optional()
      .describe("Where KEDA queries Prometheus for autoscaling.metrics. @default http://prometheus-operated.<namespace>.svc:9090 (the Service prometheus-operator creates)"),
    certDir: z
      .string()
      .startsWith("/")
      .default("/etc/prom-certs")
      .describe("Where Prometheus's istio-proxy writes mesh certificates (used to scrape under STRICT mTLS)."),
    mtls: z
      .boolean()
      .default(true)
      .describe(
        "Prometheus scrapes with Istio certificates (an istio-proxy that only writes certs), so metrics ports are allowed to its principal. When false, metrics ports accept plaintext (port-level PERMISSIVE) and only the NetworkPolicy restricts who scrapes.",
      ),
  })
  .describe("Prometheus settings.");

export const SecretStoreSchema = z
  .strictObject({
    vault: z
      .strictObject({
        server: z.url({ protocol: /^https$/, error: "the Vault server must be an https:// URL (secrets never travel in clear text)" }).describe("Vault address, e.g. https://vault.example.com:8200."),
        path: z.string().min(1).default("secret").describe("Mount path of the KV secrets engine."),
        version: z.enum(["v1", "v2"]).default("v2").describe("KV secrets engine version."),
        namespace: z.string().min(1).optional().describe("Vault Enterprise namespace."),
        auth: z
          .strictObject({
            mountPath: z.string().min(1).default("kubernetes").describe("Mount path of Vault's Kubernetes auth method."),
            role: z.string().min(1).describe("Vault role bound to the store's ServiceAccount in each namespace that uses the store."),
          })
          .describe("Kubernetes auth: External Secrets logs in with a token of the store's ServiceAccount."),
      })
      .describe("HashiCorp Vault provider."),
    serviceAccount: dnsLabel.optional().describe("ServiceAccount the store authenticates as, rendered in each namespace that uses the store. @default <store>-secret-store."),
  })
  .meta({ id: "SecretStore", description: "Where secret values live; rendered as a namespaced External Secrets SecretStore." });

export const AlertingSchema = z
  .strictObject({
    severity: z
      .strictObject({
        page: z.string().min(1).default("page").describe("Label value of alerts that page (e.g. critical)."),
        ticket: z.string().min(1).default("ticket").describe("Label value of alerts that open a ticket (e.g. warning)."),
      })
      .prefault({})
      .describe("Words for the severity label."),
    runbookBaseUrl: z
      .url({ protocol: /^https?$/, error: "use an http(s) URL, e.g. https://runbooks.example.com" })
      .optional()
      .describe("Base of runbook_url annotations (<base>/<alertname in lower case>). Required when any alert is rendered."),
    workloadAlerts: z
      .boolean()
      .default(false)
      .describe("Render crash-looping, replicas-mismatch and HPA alerts per namespace (clusters with kube-prometheus-stack already have cluster-wide ones)."),
    kubeStateMetricsSelector: z.string().default('job="kube-state-metrics"').describe("Label matchers of kube-state-metrics series in workload alerts."),
  })
  .describe("Alert settings.");

export const DashboardsSchema = z
  .strictObject({
    labels: labels.default({ grafana_dashboard: "1" }).describe("Labels Grafana's dashboard sidecar looks for."),
    folder: z.string().optional().describe("Grafana folder. @default the platform name."),
    folderAnnotation: z.string().default("grafana_folder").describe("Annotation that carries the folder (the sidecar's folderAnnotation)."),
    namespace: dnsLabel.optional().describe("Namespace for the dashboard ConfigMaps. @default each service's namespace."),
  })
  .describe("Grafana dashboards as ConfigMaps.");

const tlsIssuer = z
  .strictObject({
    name: dnsSubdomain.describe("cert-manager issuer name."),
    kind: z.enum(["ClusterIssuer", "Issuer"]).default("ClusterIssuer").describe("Cluster-wide or namespaced issuer."),
  })
  .describe("cert-manager issuer that signs exposed hosts' certificates.");

const ingressTls = z.strictObject({ issuer: tlsIssuer.optional() }).prefault({}).describe("TLS for exposed hosts.");

export const IngressSchema = z
  .discriminatedUnion("controller", [
    z.strictObject({
      controller: z.literal("istio").describe("Istio ingress gateway: a Gateway and VirtualService per exposed service."),
      namespace: dnsLabel.default("istio-system").describe("Namespace of the gateway pods (TLS secrets live there)."),
      podLabels: labels.default({ istio: "ingressgateway" }).describe("Labels of the gateway pods (the Gateway's selector)."),
      serviceAccount: dnsLabel.default("istio-ingressgateway-service-account").describe("The gateway's ServiceAccount, its mesh identity."),
      tls: ingressTls,
    }),
    z.strictObject({
      controller: z.literal("ingress").describe("A Kubernetes Ingress per exposed service (e.g. ingress-nginx), TLS via cert-manager's annotation."),
      className: z.string().default("nginx").describe("ingressClassName."),
      namespace: dnsLabel.default("ingress-nginx").describe("Namespace of the controller pods."),
      podLabels: labels.default({ "app.kubernetes.io/name": "ingress-nginx" }).describe("Labels of the controller pods."),
      serviceAccount: dnsLabel.default("ingress-nginx").describe("The controller's ServiceAccount (its identity when it is in the mesh)."),
      tls: ingressTls,
    }),
  ])
  .describe("How exposed services are reached from outside. @default istio when the mesh injects sidecars, else ingress.");

export const NetworkSchema = z
  .strictObject({
    apiServer: z
      .strictObject({
        cidrs: z.array(cidr).default([]).describe('Addresses of the Kubernetes API server, e.g. ["10.0.0.1/32", "192.168.1.10/32"] (the kubernetes Service and the control-plane nodes). With none, the egress is open to any address on its ports.'),
        ports: z.array(z.number().int().min(1).max(65535)).default([443, 6443]).describe("Its ports (the Service's 443, the nodes' 6443)."),
      })
      .prefault({})
      .describe("Where pods that talk to the API server reach it (CloudNativePG's instance manager)."),
    dns: z
      .strictObject({
        namespace: dnsLabel.default("kube-system").describe("Namespace of the cluster DNS pods."),
        podLabels: labels.default({ "k8s-app": "kube-dns" }).describe("Labels of the cluster DNS pods (CoreDNS keeps k8s-app: kube-dns)."),
        cidrs: z.array(cidr).default([]).describe('Extra DNS addresses, e.g. NodeLocal DNSCache\'s ["169.254.20.10/32"].'),
      })
      .prefault({})
      .describe("Where pods resolve names (every namespace gets egress to it on UDP and TCP 53)."),
  })
  .describe("Network policy settings.");

const clusterReference = z.strictObject({
  name: dnsSubdomain.describe("Cluster name as Argo CD knows it."),
  server: z.url({ protocol: /^https$/, error: "use an https:// API server URL" }).describe("API server URL as Argo CD knows it."),
});

/** An Argo CD cluster name pattern: a cluster name whose `*` matches any run of characters. */
const clusterNameGlob = z
  .string()
  .regex(/^[a-z0-9*]([-a-z0-9.*]*[a-z0-9*])?$/, { error: "use a cluster name in which * stands for any characters, e.g. edge-*" })
  .refine((glob) => glob.replaceAll("*", "").length > 0, { error: 'name the fleet\'s clusters more narrowly than "*", e.g. edge-*: the pattern is what keeps a cluster labelled by mistake out' });

export const FleetSchema = z
  .strictObject({
    clusters: labels
      .refine((selector) => Object.keys(selector).length > 0, { error: 'select the clusters by at least one label, e.g. { fleet: "edge" }' })
      .describe("Labels of the Argo CD cluster secrets to deploy to: the ApplicationSet's cluster generator selects every cluster with all of them."),
    names: clusterNameGlob.describe("The Argo CD cluster names the environment's AppProject allows as destinations (e.g. edge-*): a cluster labelled by mistake but named otherwise is refused by Argo CD."),
  })
  .describe("Deploy to every cluster Argo CD knows that carries these labels: one ApplicationSet (cluster generator) instead of one Application per cluster. `cluster` still says what the manifests target (DNS domain, Kubernetes version); its name and server are not used.");

export const EnvironmentGitOpsSchema = z
  .strictObject({
    automated: z
      .strictObject({
        prune: z.boolean().default(true).describe("Delete objects no longer rendered."),
        selfHeal: z.boolean().default(true).describe("Revert changes made in the cluster."),
      })
      .nullable()
      .prefault({})
      .describe("Automated sync; null for manual sync."),
    notifications: z
      .array(
        z.strictObject({
          trigger: z.string().regex(/^[a-z0-9-]+$/, { error: 'an Argo CD notification trigger, e.g. "on-sync-failed"' }).describe('Trigger, e.g. "on-sync-failed".'),
          service: z.string().regex(/^[a-z0-9-]+$/).describe('Notification service, e.g. "slack".'),
          recipient: z.string().min(1).describe('Recipient, e.g. "#deployments".'),
        }),
      )
      .default([])
      .describe("Argo CD notification subscriptions of the environment's Applications."),
    syncWindows: z
      .array(
        z.strictObject({
          kind: z.enum(["allow", "deny"]).describe("deny: no sync while the window is open (a change freeze); allow: automated syncs run only while an allow window is open."),
          schedule: cronSchedule.describe('When each window opens: minute hour day-of-month month day-of-week, e.g. "0 18 * * 5" (Fridays 18:00).'),
          duration: windowDuration.describe('How long each window stays open, e.g. "60h" (a weekend).'),
          timeZone: timeZone.optional().describe("IANA time zone of the schedule. @default UTC"),
          manualSync: z.boolean().default(false).describe("Whether a person may still sync by hand when the window forbids automated syncs (an emergency fix during a freeze)."),
        }),
      )
      .default([])
      .describe("Argo CD sync windows of the environment's AppProject (every Application of the environment): change freezes, or the only hours syncs may run."),
  })
  .describe("How Argo CD syncs the environment.");

/** Fields of an environment other than its service overrides. */
export const environmentFields = {
  cluster: ClusterSchema.prefault({}),
  additionalClusters: z.array(clusterReference).default([]).describe("Other clusters that receive the same manifests (regions, disaster recovery): one Argo CD Application each."),
  fleet: FleetSchema.optional(),
  gitops: EnvironmentGitOpsSchema.prefault({}),
  labels: labels.default({}).describe("Labels added to every object of the environment (never to selectors)."),
  namespaces: z
    .record(nameKey, NamespaceSchema)
    .refine((namespaces) => Object.keys(namespaces).length > 0, {
      error: 'declare at least one namespace, e.g. namespaces: { "ai-platform": {} }',
    })
    .transform((namespaces) =>
      Object.assign(
        Object.create(null) as Record<string, NamespaceSpec>,
        Object.fromEntries(Object.entries(namespaces).map(([key, namespace]) => [key, { ...namespace, name: namespace.name ?? key }])),
      ),
    )
    .describe("Namespaces keyed by the name services refer to; one per tenant."),
  podSecurity: podSecurityLevel
    .optional()
    .describe("Pod Security level to enforce. @default 'restricted', or 'baseline' when sidecars are injected without the Istio CNI plugin."),
  mesh: MeshSchema.prefault({}),
  prometheus: PrometheusSchema.prefault({}),
  network: NetworkSchema.prefault({}),
  alerting: AlertingSchema.prefault({}),
  secretStores: namedRecord(SecretStoreSchema).prefault({}).describe("Secret stores keyed by name."),
  cloudnativePg: location("cnpg-system", { "app.kubernetes.io/name": "cloudnative-pg" }, "the CloudNativePG operator").describe("Where the CloudNativePG operator runs: database instances admit its status checks (port 8000)."),
  backups: BackupsSchema.optional().describe("Velero backups of the environment's namespaces: a Schedule, optionally its BackupStorageLocation, and an alert when the last success is older than twice the schedule."),
  recovery: RecoverySchema.optional().describe("Recovery objectives (rpo, rto), checked against the backups rendered and written with the restore steps into dist/<env>/README.md."),
  manifests: z
    .array(z.string().min(1))
    .default([])
    .describe("Directories of hand-written YAML (relative to the config directory) rendered into this environment beside slipway's objects (and the platform's manifests), through the same gate."),
  patches: z
    .array(PatchSchema)
    .default([])
    .describe("Changes to rendered objects that slipway has no field for (an annotation, a field of a newer Kubernetes), applied after construction and before validation, in order."),
  clusterServices: namedRecord(ClusterServiceSchema)
    .prefault({})
    .describe("Services in the cluster that slipway does not render, keyed by the name `dependsOn` uses: a caller gets egress to exactly their pods and ports, and their host in its Sidecar; no ServiceEntry (the mesh knows them)."),
  defaultSecretStore: dnsLabel.optional().describe("Store used by services that name none. @default the only store."),
  secretRotation: z
    .enum(["restart", "reloader"])
    .default("restart")
    .describe("How new secret values reach pods: restart (on the next rollout or restart) or reloader (Stakater Reloader rolls the Deployment when its Secret changes)."),
  dashboards: DashboardsSchema.prefault({}),
  ingress: IngressSchema.optional(),
  production: z
    .boolean()
    .optional()
    .describe('A production environment (fault injection is rejected). @default true when the environment is named "production" or "prod".'),
};

export type NamespaceSpec = z.output<typeof NamespaceSchema> & { name: string };
export type LimitRangeSpec = z.output<typeof LimitRangeSchema>;
export type MeshSpec = z.output<typeof MeshSchema>;
export type FleetSpec = z.output<typeof FleetSchema>;
export type IngressSpec = z.output<typeof IngressSchema>;
