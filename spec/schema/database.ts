// A PostgreSQL database run by the CloudNativePG operator: a Cluster of instances with their own
// storage, the application database and owner, and continuous backups to object storage.
import { z } from "zod";
import { cronSchedule, dnsLabel, dnsSubdomain, int32, storageSize } from "../formats.js";
import { ResourcesSchema } from "./container.js";

const storeReference = z
  .strictObject({
    key: z.string().min(1).describe('Path of the secret in the store, e.g. "property/backup-bucket".'),
    property: z.string().min(1).optional().describe("Field within that secret. @default the whole value."),
  })
  .describe("A value in the environment's secret store, read through External Secrets.");

export const DatabaseBackupSchema = z
  .strictObject({
    destination: z
      .string()
      .regex(/^(s3|gs|https):\/\/\S+$/, { error: 'use an object-storage URL: "s3://bucket/path", "gs://bucket/path" or an Azure "https://" URL' })
      .describe('Where base backups and WAL go, e.g. "s3://property-backups/postgres".'),
    endpointURL: z.url({ protocol: /^https$/, error: "the object store must be an https:// URL" }).optional().describe("Endpoint of an S3-compatible store (not AWS). Its host gets the instances' egress."),
    schedule: cronSchedule.default("0 2 * * *").describe("When to take a base backup (cron, five fields); WAL is archived continuously."),
    retention: z
      .string()
      .regex(/^[1-9][0-9]*[dwm]$/, { error: 'use a number of days, weeks or months, e.g. "30d"' })
      .default("30d")
      .describe("How long base backups and WAL are kept (point-in-time recovery reaches back this far)."),
    credentials: z
      .union([
        z.strictObject({ existingSecret: dnsSubdomain.describe("Existing Secret with keys ACCESS_KEY_ID and ACCESS_SECRET_KEY.") }),
        z.strictObject({ accessKeyId: storeReference, secretAccessKey: storeReference }),
      ])
      .describe("Object-storage credentials: an existing Secret, or two values of the secret store (slipway renders the ExternalSecret). Never values."),
  })
  .describe("Continuous backup: WAL archiving and scheduled base backups (barmanObjectStore), enabling point-in-time recovery.");

export const DatabaseSchema = z
  .strictObject({
    engine: z.literal("postgres").default("postgres").describe("Database engine: postgres, through CloudNativePG."),
    namespace: dnsLabel.optional().describe("Key of the environment namespace it runs in. @default the environment's only namespace."),
    version: z
      .string()
      .regex(/^[0-9]+(\.[0-9]+)?$/, { error: 'use a PostgreSQL version such as "16" or "16.4"' })
      .default("16")
      .describe("PostgreSQL version: the image ghcr.io/cloudnative-pg/postgresql:<version>."),
    instances: int32().min(1).default(3).describe("Instances: one primary, the rest streaming replicas."),
    storage: z
      .strictObject({
        size: storageSize.describe('Per instance, e.g. "20Gi".'),
        storageClass: dnsSubdomain.optional().describe('e.g. "longhorn". @default the cluster\'s default StorageClass.'),
      })
      .describe("Each instance's volume."),
    resources: ResourcesSchema.prefault({}),
    parameters: z.record(z.string(), z.string()).default({}).describe('postgresql.conf parameters, e.g. { max_connections: "200" }.'),
    database: dnsLabel.default("app").describe("The application database created at bootstrap."),
    owner: dnsLabel.default("app").describe("Its owner role; CloudNativePG writes its credentials to the Secret <name>-app."),
    backup: DatabaseBackupSchema.optional(),
    pooler: z
      .strictObject({
        instances: int32().min(1).default(2).describe("PgBouncer pods."),
        mode: z.enum(["session", "transaction"]).default("transaction").describe("PgBouncer pool mode: transaction shares a server connection per transaction (most apps); session per client session (apps using session state)."),
        parameters: z.record(z.string(), z.string()).default({}).describe('PgBouncer settings, e.g. { max_client_conn: "1000", default_pool_size: "20" }.'),
        resources: ResourcesSchema.prefault({}),
      })
      .optional()
      .describe("A PgBouncer Pooler in front of the primary (<name>-pooler-rw): callers connect to it instead of <name>-rw."),
    restore: z
      .strictObject({
        from: dnsLabel.describe("The database (of this catalog, with a backup) whose base backups and WAL it starts from."),
        targetTime: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)$/, { error: 'use a timestamp with its zone, e.g. "2026-11-30T08:00:00Z"' })
          .optional()
          .describe("Point in time to recover to. @default the end of the archived WAL (the latest state)."),
      })
      .optional()
      .describe("Bootstrap this database by point-in-time recovery of another one's backups instead of an empty initdb: the restore procedure as a spec change (README: Databases)."),
  })
  .meta({ id: "Database", description: "A PostgreSQL cluster run by CloudNativePG. Services reach it with dependsOn: [<name>]." });

export type DatabaseSpec = z.output<typeof DatabaseSchema>;
