// A Deployment: interchangeable replicas behind a Service, the default kind.
import { z } from "zod";
import { servingFields } from "../serving.js";
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
  })
  .meta({ id: "Deployment", description: "A deployment: interchangeable replicas of a pod (kind: deployment, the default)." });
