// A workload of the catalog ("service" in the spec): its kind decides which fields it takes.
// Every kind shares the container, network, secret and identity fields (workload-fields.ts); the
// serving kinds add replicas, scaling, exposure and SLOs (serving.ts); each kind its own
// (kinds/). A field of another kind is an error naming the kind it belongs to.
import { z } from "zod";
import { CronJobSchema } from "./kinds/cronjob.js";
import { DeploymentSchema } from "./kinds/deployment.js";
import { JobSchema } from "./kinds/job.js";
import { StatefulSetSchema } from "./kinds/statefulset.js";
import { ContainerSchema } from "./container.js";

export { ENVOY_LATENCY_BUCKETS_MS } from "./slo.js";

export const WORKLOAD_KINDS = ["deployment", "statefulset", "job", "cronjob"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export const ServiceSchema = z
  .discriminatedUnion("kind", [DeploymentSchema, StatefulSetSchema, JobSchema, CronJobSchema])
  .meta({ id: "Service", description: "A workload: its main container and everything derived from it. `kind` picks the variant (deployment when absent)." });

export type ServiceInput = z.input<typeof ServiceSchema>;
export type ServiceSpec = z.output<typeof ServiceSchema>;
/** A workload that serves requests: replicas, scaling, exposure, SLOs. */
export type ServingSpec = Extract<ServiceSpec, { kind: "deployment" | "statefulset" }>;
/** A workload that runs to completion. */
export type BatchSpec = Extract<ServiceSpec, { kind: "job" | "cronjob" }>;
export type ContainerSpec = z.output<typeof ContainerSchema>;
export type PortSpec = ServiceSpec["ports"][number];
export type ProbeSpec = NonNullable<ServiceSpec["probes"]["readiness"]>;
export type DependencySpec = ServiceSpec["dependsOn"][number];

export function isServing(service: ServiceSpec): service is ServingSpec {
  return service.kind === "deployment" || service.kind === "statefulset";
}

export function isBatch(service: ServiceSpec): service is BatchSpec {
  return service.kind === "job" || service.kind === "cronjob";
}
