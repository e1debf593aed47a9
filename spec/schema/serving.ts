// What a workload that serves requests declares beyond its pods: how many replicas, autoscaling,
// disruption budget, public exposure, the traffic policy of its callers, and its SLO. Deployments
// and StatefulSets serve; Jobs and CronJobs do not.
import { z } from "zod";
import { dnsLabel, dnsSubdomain, int32, labelKey, portName, quantity } from "../formats.js";
import { promqlQuery } from "../promql-query.js";
import { SloSchema } from "./slo.js";
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
    container: z
      .string()
      .optional()
      .describe("Measure cpu and memory on this container only (ContainerResource metrics, Kubernetes 1.27+), so the mesh sidecar and helper containers do not dilute it. @default the whole pod."),
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
      .describe("Custom per-pod metrics, read by the HPA from the custom metrics API: the cluster must serve it (prometheus-adapter; cluster.customMetricsApi: true)."),
    metrics: z
      .array(
        z.strictObject({
          name: dnsLabel.describe("Name of the trigger (KEDA's metric name derives from it)."),
          query: promqlQuery.describe(
            'PromQL returning one value, the load to spread over the replicas: e.g. sum(rate(http_requests_total{namespace="${namespace}",service="${service}"}[2m])). ${service} and ${namespace} are filled in.',
          ),
          threshold: z.number().positive().describe("Target value of the query per replica (KEDA's AverageValue): replicas = ceil(value / threshold)."),
          activationThreshold: z.number().min(0).optional().describe("Value the query must exceed before KEDA activates the scaler. @default 0"),
        }),
      )
      .default([])
      .describe("Scale on PromQL queries: renders a KEDA ScaledObject (Prometheus triggers, plus cpu and memory) in place of the HPA. Needs KEDA in the cluster; Prometheus at prometheus.url."),
    behavior: z
      .strictObject({ scaleUp: ScalingRulesSchema.optional(), scaleDown: ScalingRulesSchema.optional() })
      .optional()
      .describe("HPA scaling behaviour (autoscaling/v2 `behavior`), rendered as given."),
  })
  .describe("Horizontal autoscaling (HPA, autoscaling/v2; a KEDA ScaledObject with `metrics`). Mutually exclusive with `replicas`.");

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

export const intOrPercent = z.union([
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

export const ExposeSchema = z
  .strictObject({
    host: dnsSubdomain.describe("Public host name."),
    path: z.string().startsWith("/", { error: 'an exposed path must start with "/"' }).default("/").describe("Path prefix routed to the service."),
    port: portName.optional().describe("Port name to route to: any container's http port that is not internal (a big pod's nginx). @default the main container's first http port."),
    tlsSecret: dnsSubdomain
      .optional()
      .describe("Existing TLS secret for the host (in the ingress controller's namespace for Istio). @default a cert-manager certificate from ingress.tls.issuer."),
    annotations: z
      .record(labelKey, z.string())
      .default({})
      .describe(
        "Annotations of the route: the Ingress (e.g. nginx.ingress.kubernetes.io/limit-rps, /enable-cors, /proxy-body-size) or, under Istio, the public VirtualService. cert-manager.io/ keys are slipway's (from ingress.tls.issuer) and refused.",
      ),
  })
  .superRefine((expose, ctx) => {
    for (const key of Object.keys(expose.annotations).filter((key) => key.startsWith("cert-manager.io/"))) {
      ctx.addIssue({ code: "custom", path: ["annotations", key], message: `${key} is set by slipway from the environment's ingress.tls.issuer (or left out with expose.tlsSecret); remove it here` });
    }
  })
  .describe("Public exposure through the environment's ingress, always over TLS.");

/** Fields of a workload that serves requests (deployment, statefulset). */
export const servingFields = {
  replicas: replicaCount.min(0, { error: "replicas must be 0 or more" }).optional().describe("Fixed replica count. @default 1 when autoscaling is off."),
  autoscaling: AutoscalingSchema.optional(),
  vpa: VpaSchema.optional(),
  pdb: PdbSchema.prefault({}),
  expose: ExposeSchema.optional(),
  serviceAnnotations: z
    .record(labelKey, z.string())
    .default({})
    .describe("Annotations of the workload's client Service (e.g. service.kubernetes.io/topology-mode: Auto); never in a selector."),
  traffic: TrafficSchema.prefault({}),
  slo: SloSchema.optional(),
};
