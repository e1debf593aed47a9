// Fields every workload declares, whatever its kind: its containers, where it runs, whom it calls,
// its metrics, alerts, secrets and identity.
import { z } from "zod";
import { cidr, dnsLabel, duration, hostName, int32, labels, labelValue, nameKey, portName, portNumber } from "../formats.js";
import { ContainerSchema, containerFields } from "./container.js";
import { podOptionFields } from "./pod-options.js";

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
    port: portName.describe("Name of the declared port that serves metrics (not an internal one: Prometheus scrapes it from outside the pod)."),
    path: z.string().startsWith("/").default("/metrics").describe("HTTP path of the metrics endpoint."),
    interval: duration.default("30s").describe("Scrape interval."),
  })
  .describe("Prometheus scraping of the service's own metrics.");

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

/** Fields of every workload kind. */
export const workloadFields = {
  ...containerFields,
  namespace: dnsLabel
    .optional()
    .describe("Key of the environment namespace the workload runs in. @default the environment's only namespace."),
  version: labelValue.optional().describe("app.kubernetes.io/version. @default image.tag, else the digest's first 12 hex digits."),
  containers: z
    .record(nameKey, ContainerSchema)
    .default({})
    .describe("Extra containers sharing the pod (\"big pods\"), keyed by container name."),
  dependsOn: z.array(DependencySchema).default([]).describe("Services this workload calls (drives network and mesh policy)."),
  external: z.array(ExternalSchema).default([]).describe("Hosts outside the cluster the workload calls (egress, ServiceEntry)."),
  metrics: z
    .union([MetricsSchema, z.array(MetricsSchema)])
    .optional()
    .describe("Prometheus scraping of the workload's metrics: one endpoint, or a list (one per metrics port, e.g. the app's and its nginx exporter's); each becomes a ServiceMonitor (PodMonitor for a job) endpoint."),
  alerts: z.array(AlertSchema).default([]).describe("Custom alerts, rendered with the workload's other rules."),
  policyExceptions: z
    .array(
      z.strictObject({
        rule: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, { error: 'a rule id looks like "hygiene/automount-token"' }).describe("Id of the policy rule not to apply to this workload."),
        reason: z.string().trim().min(1, { error: "an exception needs a reason reviewers can read" }).describe("Why the rule does not apply; shown to reviewers in the rendered annotation."),
      }),
    )
    .default([])
    .describe("Policy rules this workload is exempt from, each with a reason; rendered as the slipway.dev/policy-exceptions annotation on its workload object."),
  secretStore: dnsLabel.optional().describe("Key of the environment's secret store to read from. @default the environment's defaultSecretStore."),
  secretRefreshInterval: duration.default("1h").describe("How often External Secrets re-reads the values (ExternalSecret refreshInterval)."),
  dashboard: z
    .strictObject({
      enabled: z.boolean().default(true).describe("Render a Grafana dashboard for the workload."),
      uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/, { error: "a dashboard uid is at most 40 letters, digits, '-' or '_'" }).optional().describe("Dashboard uid. @default <service>-<environment>."),
    })
    .prefault({})
    .describe("The workload's Grafana dashboard."),
  runAs: z
    .strictObject({
      user: int32()
        .min(1, { error: "runAs.user must be non-zero: Pod Security 'restricted' forbids root (UID 0)" })
        .default(65532)
        .describe("UID (65532 is distroless's nonroot)."),
      group: int32().min(1, { error: "runAs.group must be non-zero" }).default(65532).describe("GID, also the pod's fsGroup (volumes are writable by it)."),
    })
    .prefault({})
    .describe("Non-root identity of every container (also the pod's fsGroup)."),
  serviceAccount: z
    .strictObject({
      automountToken: z.boolean().default(false).describe("Mount the API token into pods. Off unless the workload calls the Kubernetes API."),
      annotations: z.record(z.string(), z.string()).default({}).describe("ServiceAccount annotations, e.g. workload identity bindings."),
    })
    .prefault({})
    .describe("The workload's own ServiceAccount."),
  terminationGracePeriodSeconds: int32().min(0).default(30).describe("Seconds a pod gets to shut down after SIGTERM."),
  podLabels: labels.default({}).describe("Extra pod template labels (never part of selectors)."),
  ...podOptionFields,
};
