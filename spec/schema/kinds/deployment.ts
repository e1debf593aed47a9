// A Deployment: interchangeable replicas behind a Service, the default kind.
import { z } from "zod";
import { int32 } from "../../formats.js";
import { intOrPercent, servingFields } from "../serving.js";
import { StorageSchema } from "../storage.js";
import { workloadFields } from "../workload-fields.js";

export const DeploymentSchema = z
  .strictObject({
    kind: z.literal("deployment").default("deployment").describe("Workload kind: deployment (the default), statefulset, job or cronjob."),
    ...workloadFields,
    ...servingFields,
    storage: z
      .array(StorageSchema)
      .default([])
      .describe("PersistentVolumeClaims the main container mounts, one claim each, shared by every replica. With a ReadWriteOnce claim the Deployment runs one replica and replaces its pod (Recreate) instead of rolling."),
    strategy: z
      .discriminatedUnion("type", [
        z.strictObject({
          type: z.literal("RollingUpdate").describe("Start new pods beside the old ones."),
          maxSurge: intOrPercent.default("25%").describe("Pods above the desired count during a rollout (the quota counts them)."),
          maxUnavailable: intOrPercent.default(0).describe("Pods below the desired count during a rollout."),
        }),
        z.strictObject({ type: z.literal("Recreate").describe("Stop every old pod, then start the new ones (downtime).") }),
      ])
      .optional()
      .describe("How a changed pod template replaces the pods. @default RollingUpdate with maxSurge 25% and maxUnavailable 0; Recreate with a ReadWriteOnce claim."),
    revisionHistoryLimit: int32().min(0).default(5).describe("Old ReplicaSets kept for rollback."),
  })
  .meta({ id: "Deployment", description: "A deployment: interchangeable replicas of a pod (kind: deployment, the default)." });
