// Persistent storage a workload mounts: a PersistentVolumeClaim per entry (a StatefulSet's claim
// templates: one claim per pod).
import { z } from "zod";
import { absolutePath, dnsSubdomain, nameKey, storageSize } from "../formats.js";

export const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"] as const;

export const StorageSchema = z
  .strictObject({
    name: nameKey.describe("Name of the claim (of the claim template in a StatefulSet) and of its volume."),
    mountPath: absolutePath.describe("Where the main container mounts the volume, writable."),
    size: storageSize.describe('Requested capacity, e.g. "10Gi" (binary suffixes: Ki, Mi, Gi, Ti).'),
    storageClass: dnsSubdomain.optional().describe('StorageClass, e.g. "longhorn". @default the cluster\'s default StorageClass.'),
    accessModes: z
      .array(
        z.enum(ACCESS_MODES, {
          error: (issue) => `${JSON.stringify(issue.input)} is not an access mode: use ${ACCESS_MODES.join(", ")}`,
        }),
      )
      .min(1)
      .default(["ReadWriteOnce"])
      .describe("Access modes. ReadWriteOnce: one node mounts the volume at a time."),
  })
  .meta({ id: "Storage", description: "A persistent volume the main container mounts (a PersistentVolumeClaim)." });

export type StorageSpec = z.output<typeof StorageSchema>;
