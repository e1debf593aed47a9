// Cluster backups of an environment through Velero: a Schedule that backs up the environment's
// namespaces, optionally the BackupStorageLocation it writes to, and an alert on stale backups.
import { z } from "zod";
import { cronSchedule, dnsLabel, dnsSubdomain, duration } from "../formats.js";

const goDuration = z.string().regex(/^([0-9]+(\.[0-9]+)?(h|m|s))+$/, { error: (issue) => `"${String(issue.input)}" is not a Velero duration: use hours, minutes and seconds, e.g. "720h" (30 days) or "168h0m0s"` });

export const BackupsSchema = z
  .strictObject({
    schedule: cronSchedule.describe('When to back up, as cron (Velero reads it in UTC), e.g. "0 3 * * *" (03:00 daily).'),
    ttl: goDuration.default("720h").describe('How long each backup is kept, e.g. "720h" (30 days), "2160h" (90 days).'),
    namespace: dnsLabel.default("velero").describe("Namespace Velero runs in: the Schedule (and a BackupStorageLocation) go there."),
    volumeSnapshots: z
      .boolean()
      .default(false)
      .describe("Back persistent volumes up as volume snapshots (a VolumeSnapshotLocation must exist). Off: Velero's file-system backup copies each workload's persistent volumes, named on its pods (backup.velero.io/backup-volumes)."),
    storageLocation: z
      .strictObject({
        name: dnsLabel.default("default").describe("Name of the BackupStorageLocation backups go to."),
        provider: z.string().min(1).optional().describe('Object-storage plugin, e.g. "aws" (any S3-compatible store). With bucket: slipway renders the BackupStorageLocation; without: it names an existing one.'),
        bucket: z.string().min(1).optional().describe("Bucket backups are written to."),
        prefix: z.string().min(1).optional().describe("Path inside the bucket. @default the environment's name."),
        config: z.record(z.string(), z.string()).default({}).describe('Provider settings, e.g. { region: eu-central-1, s3Url: "https://s3.example.com" }.'),
        credential: z
          .strictObject({ name: dnsSubdomain.describe("Existing Secret in Velero's namespace."), key: z.string().min(1).describe("Its key holding the credentials file.") })
          .optional()
          .describe("The storage credentials, as a reference to an existing Secret (an ExternalSecret or a SealedSecret made it); never values. @default Velero's own credentials."),
      })
      .prefault({})
      .superRefine((location, ctx) => {
        if ((location.provider === undefined) !== (location.bucket === undefined)) {
          ctx.addIssue({ code: "custom", path: [location.provider === undefined ? "provider" : "bucket"], message: "set provider and bucket together (slipway then renders the BackupStorageLocation), or neither (an existing location, by name)" });
        }
      })
      .describe("Where backups go."),
  })
  .meta({ id: "Backups", description: "Velero backups of the environment's namespaces." });

export type BackupsSpec = z.output<typeof BackupsSchema>;

export const RecoverySchema = z
  .strictObject({
    rpo: duration.optional().describe('Recovery point objective: the most data, in time, the environment may lose, e.g. "24h". Checked against what slipway renders: the longest gap between scheduled backups must not exceed it.'),
    rto: duration.optional().describe('Recovery time objective, e.g. "4h": written into dist/<env>/README.md beside the restore steps. Manifests cannot prove it: rehearse the restore.'),
  })
  .meta({ id: "Recovery", description: "Recovery objectives of the environment." });
