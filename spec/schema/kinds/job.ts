// A Job runs pods to completion; a CronJob (cronjob.ts) runs one on a schedule.
import { z } from "zod";
import { int32 } from "../../formats.js";
import { workloadFields } from "../workload-fields.js";

/** How the pods of one run behave: shared by jobs and cron jobs. */
export const jobFields = {
  backoffLimit: int32().min(0).default(6).describe("Retries before the run is marked failed."),
  activeDeadlineSeconds: int32().min(1).optional().describe("Seconds a run may take before it is stopped and marked failed. @default no limit."),
  restartPolicy: z.enum(["OnFailure", "Never"]).default("OnFailure").describe("OnFailure restarts a failed container in its pod; Never starts a new pod."),
  completions: int32().min(1).optional().describe("Successful pods that complete a run. @default 1."),
  parallelism: int32().min(1).optional().describe("Pods running at once. @default 1."),
};

export const JobSchema = z
  .strictObject({
    kind: z.literal("job").describe("Workload kind."),
    ...workloadFields,
    ...jobFields,
    hook: z
      .enum(["PreSync", "Sync", "PostSync"])
      .default("Sync")
      .describe(
        "The Argo CD sync phase the Job runs in, on every sync (PreSync for schema migrations). A Job's pod template cannot change once created, so slipway renders every Job as an Argo CD hook: the previous run is deleted when the next begins (hook-delete-policy BeforeHookCreation).",
      ),
  })
  .meta({ id: "Job", description: "A job: pods that run to completion, on every Argo CD sync." });
