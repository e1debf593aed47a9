// Options of a workload's pod beyond its containers: init containers, where it is scheduled, its
// priority, the Secrets its images are pulled with, and annotations.
import { z } from "zod";
import { dnsSubdomain, int32, labelKey, labels } from "../formats.js";
import { InitContainerSchema } from "./container.js";

const TolerationSchema = z
  .strictObject({
    key: labelKey.optional().describe("Taint key. @default every key (only with operator Exists)."),
    operator: z.enum(["Equal", "Exists"]).default("Equal").describe("Equal matches key and value; Exists matches the key with any value."),
    value: z.string().optional().describe("Taint value (Equal only)."),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional().describe("Taint effect tolerated. @default every effect."),
    tolerationSeconds: int32().min(0).optional().describe("How long a NoExecute taint is tolerated before eviction. @default forever."),
  })
  .superRefine((toleration, ctx) => {
    if (toleration.operator === "Exists" && toleration.value !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: "operator Exists takes no value: drop it, or use operator Equal" });
    if (toleration.key === undefined && toleration.operator !== "Exists") ctx.addIssue({ code: "custom", path: ["key"], message: "a toleration without a key must use operator Exists (it then tolerates every taint)" });
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== "NoExecute") ctx.addIssue({ code: "custom", path: ["tolerationSeconds"], message: 'tolerationSeconds applies only to effect "NoExecute"' });
  })
  .describe("A taint the pods tolerate (Kubernetes Toleration).");

const affinityTerm = (what: string) =>
  z.record(z.string(), z.unknown()).optional().describe(`Kubernetes ${what}, as the API writes it; checked against the Kubernetes schema when rendered.`);

const TopologySpreadSchema = z
  .strictObject({
    topologyKey: labelKey.describe('Node label whose values are the domains, e.g. "topology.kubernetes.io/zone".'),
    maxSkew: int32().min(1).default(1).describe("Most pods one domain may hold beyond the least-loaded one."),
    whenUnsatisfiable: z.enum(["ScheduleAnyway", "DoNotSchedule"]).default("ScheduleAnyway").describe("ScheduleAnyway prefers; DoNotSchedule leaves pods Pending rather than skew."),
    minDomains: int32().min(1).optional().describe("Domains that must count (DoNotSchedule only)."),
  })
  .superRefine((constraint, ctx) => {
    if (constraint.minDomains !== undefined && constraint.whenUnsatisfiable !== "DoNotSchedule") ctx.addIssue({ code: "custom", path: ["minDomains"], message: "minDomains needs whenUnsatisfiable: DoNotSchedule" });
  })
  .describe("A topology spread constraint over the workload's own pods (the selector is added).");

/** Pod-level fields of every workload kind. */
export const podOptionFields = {
  initContainers: z
    .array(InitContainerSchema)
    .default([])
    .describe("Containers run before the pod's containers, in order, hardened like them (restartPolicy: Always makes one a native sidecar)."),
  nodeSelector: labels.default({}).describe("Node labels the pods require."),
  tolerations: z.array(TolerationSchema).default([]).describe("Taints the pods tolerate."),
  affinity: z
    .strictObject({
      nodeAffinity: affinityTerm("NodeAffinity"),
      podAffinity: affinityTerm("PodAffinity"),
      podAntiAffinity: affinityTerm("PodAntiAffinity"),
    })
    .optional()
    .describe("Node and pod affinity, as Kubernetes writes them."),
  topologySpread: z
    .array(TopologySpreadSchema)
    .optional()
    .describe("Replaces the default spreading (soft, over zones then nodes, when more than one pod runs); [] spreads nothing. @default the default spreading."),
  priorityClassName: dnsSubdomain.optional().describe("PriorityClass of the pods (an existing one; slipway renders none). @default the cluster's default priority."),
  imagePullSecrets: z
    .array(dnsSubdomain)
    .default([])
    .describe("Names of existing Secrets (type kubernetes.io/dockerconfigjson) in the workload's namespace used to pull its images; slipway renders no Secret data."),
  podAnnotations: z
    .record(labelKey, z.string())
    .default({})
    .describe("Extra pod template annotations. Keys slipway sets (checksum/*, kubectl.kubernetes.io/default-container, the sidecar.istio.io/ resources and nativeSidecar) are refused."),
};
