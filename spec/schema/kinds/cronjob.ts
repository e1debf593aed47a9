// A CronJob: a Job run on a schedule (backups, reports, snapshots).
import { z } from "zod";
import { cronSchedule, int32, timeZone } from "../../formats.js";
import { workloadFields } from "../workload-fields.js";
import { jobFields } from "./job.js";


export const CronJobSchema = z
  .strictObject({
    kind: z.literal("cronjob").describe("Workload kind."),
    ...workloadFields,
    ...jobFields,
    schedule: cronSchedule.describe('Cron schedule: minute hour day-of-month month day-of-week, e.g. "30 2 * * *" (02:30 daily), or @daily, @hourly, ….'),
    timeZone: timeZone.optional().describe("IANA time zone of the schedule. @default the kube-controller-manager's (usually UTC)."),
    concurrencyPolicy: z
      .enum(["Forbid", "Allow", "Replace"])
      .default("Forbid")
      .describe("When a run is due while the last still runs: Forbid skips it, Replace stops the old one, Allow runs both."),
    startingDeadlineSeconds: int32().min(1).optional().describe("A run not started within this many seconds of its time is skipped (and counted as missed). @default no deadline."),
    successfulJobsHistoryLimit: int32().min(0).default(3).describe("Finished successful Jobs kept."),
    failedJobsHistoryLimit: int32().min(0).default(1).describe("Finished failed Jobs kept."),
    suspend: z.boolean().default(false).describe("Stop scheduling runs (an environment may suspend a job, e.g. in dev); the CronJob is still rendered and validated."),
  })
  .meta({ id: "CronJob", description: "A cron job: a job run on a schedule." });
