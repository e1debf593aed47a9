// A StatefulSet: replicas with stable names and storage of their own (databases, brokers, caches).
import { z } from "zod";
import { int32 } from "../../formats.js";
import { servingFields } from "../serving.js";
import { StorageSchema } from "../storage.js";
import { workloadFields } from "../workload-fields.js";

const retention = z.enum(["Retain", "Delete"]);

export const StatefulSetSchema = z
  .strictObject({
    kind: z.literal("statefulset").describe("Workload kind."),
    ...workloadFields,
    ...servingFields,
    storage: z
      .array(StorageSchema)
      .default([])
      .describe("Volume claim templates: each replica gets its own claim of each, kept across restarts and rescheduling."),
    podManagementPolicy: z
      .enum(["OrderedReady", "Parallel"])
      .default("OrderedReady")
      .describe("OrderedReady starts and stops replicas one by one, in order; Parallel all at once."),
    updateStrategy: z
      .discriminatedUnion("type", [
        z.strictObject({
          type: z.literal("RollingUpdate").describe("Replace replicas one by one, highest ordinal first."),
          partition: int32().min(0).default(0).describe("Only replicas with an ordinal at or above this are updated (a canary of the highest ordinals)."),
        }),
        z.strictObject({ type: z.literal("OnDelete").describe("Replicas are updated only when deleted by hand.") }),
      ])
      .prefault({ type: "RollingUpdate" })
      .describe("How a changed pod template reaches the replicas."),
    persistentVolumeClaimRetentionPolicy: z
      .strictObject({
        whenDeleted: retention.default("Retain").describe("Keep (Retain) or delete the claims when the StatefulSet is deleted."),
        whenScaled: retention.default("Retain").describe("Keep (Retain) or delete the claims of replicas removed by scaling down."),
      })
      .prefault({})
      .describe("What happens to the claims; Retain keeps data by default."),
    revisionHistoryLimit: int32().min(0).default(5).describe("Old ControllerRevisions kept for rollback."),
    publishNotReadyAddresses: z
      .boolean()
      .default(false)
      .describe("The headless Service lists replicas before they are ready, for peers that must find each other to become ready (clustered databases, brokers)."),
  })
  .meta({ id: "StatefulSet", description: "A stateful set: replicas with stable names (<name>-0, <name>-1 …) and storage of their own, reached through a headless Service." });
