// One service: its main container plus everything derived from it (scaling, disruption budget,
// dependencies, exposure, metrics, SLO).
import { z } from "zod";
import { cidr, dnsLabel, dnsSubdomain, duration, hostName, int32, labels, labelValue, nameKey, percent, portName, portNumber, quantity } from "../formats.js";
import { ContainerSchema, containerFields } from "./container.js";
import { TrafficSchema } from "./traffic.js";

const replicaCount = int32("a replica count must be an integer");

const ScalingRulesSchema = z
  .strictObject({
    stabilizationWindowSeconds: z.number().int().min(0).max(3600).optional().describe("Seconds of past recommendations considered before scaling."),
    selectPolicy: z.enum(["Max", "Min", "Disabled"]).optional().describe("Which policy wins when several apply; Disabled turns this direction off."),
    policies: z
      .array(
        z.strictObject({
          type: z.enum(["Pods", "Percent"]).describe("Limit the change by a number of pods or a percentage."),
          value: int32().min(1).describe("Pods or percent allowed per period."),
          periodSeconds: z.number().int().min(1).max(1800).describe("Length of the period."),
        }),
      )
      .optional()
      .describe("Rate limits on scaling."),
  })
  .meta({ id: "ScalingRules", description: "HPA scaling rules for one direction (autoscaling/v2 HPAScalingRules)." });

export const AutoscalingSchema = z
  .strictObject({
    min: replicaCount.min(1, { error: "autoscaling.min must be at least 1" }).describe("Minimum replicas."),
    max: replicaCount.min(1, { error: "autoscaling.max must be at least 1" }).describe("Maximum replicas."),
    cpu: z.number().int().min(1).max(1000).optional().describe("Target average CPU utilisation, % of requests."),
    memory: z.number().int().min(1).max(1000).optional().describe("Target average memory utilisation, % of requests."),
    pods: z
      .array(
        z.strictObject({
          metric: z
            .string()
            .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "a metric name must match [a-zA-Z_:][a-zA-Z0-9_:]*" })
            .describe("Pods metric name served by the custom metrics API (e.g. prometheus-adapter)."),
          averageValue: quantity.describe('Target average value per pod, e.g. "100".'),
        }),
      )
      .default([])
      .describe("Custom per-pod metrics."),
    behavior: z
      .strictObject({ scaleUp: ScalingRulesSchema.optional(), scaleDown: ScalingRulesSchema.optional() })
      .optional()
      .describe("HPA scaling behaviour (autoscaling/v2 `behavior`), rendered as given."),
  })
  .describe("Horizontal autoscaling (HPA, autoscaling/v2). Mutually exclusive with `replicas`.");

const vpaBounds = z.strictObject({
  cpu: quantity.optional().describe('CPU, e.g. "100m".'),
  memory: quantity.optional().describe('Memory, e.g. "128Mi".'),
});

export const VpaSchema = z
  .strictObject({
    mode: z
      .enum(["Off", "Initial", "Recreate", "Auto"])
      .default("Off")
      .describe("VPA updateMode. Forced to Off when the HPA scales on cpu or memory (they would fight)."),
    minAllowed: vpaBounds.optional().describe("Lower bound of recommendations."),
    maxAllowed: vpaBounds.optional().describe("Upper bound of recommendations."),
  })
  .describe("Vertical Pod Autoscaler (autoscaling.k8s.io/v1) for the main container.");

const intOrPercent = z.union([
  int32().min(0),
  z.string().regex(/^[0-9]+%$/, { error: 'use an integer or a percentage such as "25%"' }),
]);

export const PdbSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Render a PodDisruptionBudget when the service can run more than one replica."),
    minAvailable: intOrPercent.optional().describe("Pods that must stay available during voluntary disruptions (count or percentage)."),
    maxUnavailable: intOrPercent.optional().describe("Pods that may be unavailable at once. @default 1 when neither field is set."),
  })
  .superRefine((pdb, ctx) => {
    if (pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined) {
      ctx.addIssue({ code: "custom", path: ["maxUnavailable"], message: "set either minAvailable or maxUnavailable, not both" });
    }
  })
  .describe("PodDisruptionBudget (policy/v1).");

export const DependencySchema = z
  .union([
    dnsLabel,
    z.strictObject({
      service: dnsLabel.describe("Name of the service called."),
      ports: z.array(portName).min(1).optional().describe("Callee port names used. @default every port except its metrics port."),
    }),
  ])
  .transform((dependency) => (typeof dependency === "string" ? { service: dependency } : dependency))
  .describe('A service this one calls: "auth-service" or { service, ports }.');

export const ExposeSchema = z
  .strictObject({
    host: dnsSubdomain.describe("Public host name."),
    path: z.string().startsWith("/", { error: 'an exposed path must start with "/"' }).default("/").describe("Path prefix routed to the service."),
    port: portName.optional().describe("Port name to route to. @default the first http port."),
    tlsSecret: dnsSubdomain
      .optional()
      .describe("Existing TLS secret for the host (in the ingress controller's namespace for Istio). @default a cert-manager certificate from ingress.tls.issuer."),
  })
  .describe("Public exposure through the environment's ingress, always over TLS.");

export const ExternalSchema = z
  .strictObject({
    host: hostName.describe('Host called outside the cluster, e.g. "api.stripe.com".'),
    port: portNumber.default(443).describe("Port called."),
    protocol: z.enum(["https", "tls", "http", "grpc", "tcp"]).default("https").describe("How the service speaks to it."),
    cidrs: z
      .array(cidr)
      .default([])
      .describe("Address ranges of the host. With none, the NetworkPolicy opens the port to any address (a NetworkPolicy cannot name hosts) and the mesh narrows it to the host."),
  })
  .describe("A host outside the cluster the service calls.");

export const MetricsSchema = z
  .strictObject({
    port: portName.describe("Name of the declared port that serves metrics."),
    path: z.string().startsWith("/").default("/metrics").describe("HTTP path of the metrics endpoint."),
    interval: duration.default("30s").describe("Scrape interval."),
  })
  .describe("Prometheus scraping of the service's own metrics.");

/** Istio's default buckets for istio_request_duration_milliseconds: a latency SLI can only cut at one of them. */
export const ENVOY_LATENCY_BUCKETS_MS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

export const SloSchema = z
  .strictObject({
    availability: percent("slo.availability").describe("Availability objective in %, e.g. 99.9: share of requests without a server error."),
    latency: z
      .strictObject({
        thresholdMs: z
          .number()
          .refine((value) => ENVOY_LATENCY_BUCKETS_MS.includes(value), {
            error: (issue) =>
              `${String(issue.input)} ms is not a bucket bound of Istio's request duration histogram, so it cannot be measured; use one of ${ENVOY_LATENCY_BUCKETS_MS.filter((value) => value >= 5 && value <= 10000).join(", ")}`,
          })
          .describe("Requests slower than this count as bad. Must be a bucket bound of istio_request_duration_milliseconds (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, …)."),
        objective: percent("slo.latency.objective").default(99).describe("% of requests faster than the threshold."),
      })
      .optional()
      .describe("Latency objective: a share of requests faster than a threshold."),
    period: z
      .string()
      .regex(/^[0-9]+d$/, { error: 'use a number of days, e.g. "30d"' })
      .refine((period) => Number.parseInt(period, 10) >= 7 && Number.parseInt(period, 10) <= 90, { error: "the SLO period must be between 7d and 90d" })
      .default("30d")
      .describe("SLO period. Burn-rate factors derive from it (14.4, 6, 3 and 1 for 30 days)."),
    minRequestsPerMinute: z
      .number()
      .min(0)
      .default(1)
      .describe("Low-traffic guard: burn-rate alerts stay silent unless the long window averaged at least this many requests per minute."),
  })
  .describe("Service level objectives: multi-window, multi-burn-rate alerts and error-budget recordings.");

export const AlertSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { error: 'an alert name is UpperCamelCase letters and digits, e.g. "ConsciousnessServiceDown"' }).describe("Alert name."),
    expr: z.string().min(1).describe("PromQL. ${service} and ${namespace} are replaced by the service's name and its namespace in each environment."),
    for: duration.optional().describe("How long the condition must hold."),
    severity: z.enum(["page", "ticket"]).default("ticket").describe("page or ticket; rendered as the environment's alerting.severity words."),
    summary: z.string().min(1).describe("One line; ${service} and ${namespace} are replaced."),
    description: z.string().optional().describe("More detail; Prometheus templates ({{ $value }}, {{ $labels.x }}) work."),
  })
  .describe("A custom alert for the service.");

export const ServiceSchema = z
  .strictObject({
    ...containerFields,
    namespace: dnsLabel
      .optional()
      .describe("Key of the environment namespace the service runs in. @default the environment's only namespace."),
    version: labelValue.optional().describe("app.kubernetes.io/version. @default image.tag, else the digest's first 12 hex digits."),
    containers: z
      .record(nameKey, ContainerSchema)
      .default({})
      .describe("Extra containers sharing the pod (\"big pods\"), keyed by container name."),
    replicas: replicaCount.min(0, { error: "replicas must be 0 or more" }).optional().describe("Fixed replica count. @default 1 when autoscaling is off."),
    autoscaling: AutoscalingSchema.optional(),
    vpa: VpaSchema.optional(),
    pdb: PdbSchema.prefault({}),
    dependsOn: z.array(DependencySchema).default([]).describe("Services this one calls (drives network and mesh policy)."),
    expose: ExposeSchema.optional(),
    external: z.array(ExternalSchema).default([]).describe("Hosts outside the cluster the service calls (egress, ServiceEntry)."),
    traffic: TrafficSchema.prefault({}),
    metrics: MetricsSchema.optional(),
    slo: SloSchema.optional(),
    alerts: z.array(AlertSchema).default([]).describe("Custom alerts, rendered with the service's SLO rules."),
    policyExceptions: z
      .array(
        z.strictObject({
          rule: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, { error: 'a rule id looks like "hygiene/automount-token"' }).describe("Id of the policy rule not to apply to this service's Deployment."),
          reason: z.string().trim().min(1, { error: "an exception needs a reason reviewers can read" }).describe("Why the rule does not apply; shown to reviewers in the rendered annotation."),
        }),
      )
      .default([])
      .describe("Policy rules this service is exempt from, each with a reason; rendered as the slipway.dev/policy-exceptions annotation on its Deployment."),
    secretStore: dnsLabel.optional().describe("Key of the environment's secret store to read from. @default the environment's defaultSecretStore."),
    secretRefreshInterval: duration.default("1h").describe("How often External Secrets re-reads the values (ExternalSecret refreshInterval)."),
    dashboard: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Render a Grafana dashboard for the service."),
        uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, { error: "a dashboard uid is at most 40 letters, digits, '-' or '_'" }).optional().describe("Dashboard uid. @default <service>-<environment>."),
      })
      .prefault({})
      .describe("The service's Grafana dashboard."),
    runAs: z
      .strictObject({
        user: int32()
          .min(1, { error: "runAs.user must be non-zero: Pod Security 'restricted' forbids root (UID 0)" })
          .default(65532)
          .describe("UID (65532 is distroless's nonroot)."),
        group: int32().min(1, { error: "runAs.group must be non-zero" }).default(65532).describe("GID, also the pod's fsGroup."),
      })
      .prefault({})
      .describe("Non-root identity of every container (also the pod's fsGroup)."),
    serviceAccount: z
      .strictObject({
        automountToken: z.boolean().default(false).describe("Mount the API token into pods. Off unless the service calls the Kubernetes API."),
        annotations: z.record(z.string(), z.string()).default({}).describe("ServiceAccount annotations, e.g. workload identity bindings."),
      })
      .prefault({})
      .describe("The service's own ServiceAccount."),
    terminationGracePeriodSeconds: int32().min(0).default(30).describe("Seconds a pod gets to shut down after SIGTERM."),
    podLabels: labels.default({}).describe("Extra pod template labels (never part of selectors)."),
  })
  .meta({ id: "Service", description: "A service: its main container and everything derived from it." });

export type ServiceInput = z.input<typeof ServiceSchema>;
export type ServiceSpec = z.output<typeof ServiceSchema>;
export type ContainerSpec = z.output<typeof ContainerSchema>;
export type PortSpec = ServiceSpec["ports"][number];
export type ProbeSpec = NonNullable<ServiceSpec["probes"]["readiness"]>;
export type DependencySpec = ServiceSpec["dependsOn"][number];
