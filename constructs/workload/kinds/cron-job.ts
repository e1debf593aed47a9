// A CronJob: a Job run on a schedule. Unlike a Job's, its template may change in place.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { coreObject } from "../../model-object.js";
import { type KindProps, workloadMetadata, workloadObjectMetadata } from "../workload-metadata.js";
import { jobSpec } from "./job.js";

export class CronJobWorkload extends Construct {
  constructor(scope: Construct, id: string, props: KindProps<"cronjob">) {
    super(scope, id);
    const { environment, name, service } = props;
    coreObject(this, "cron-job", k8s.KubeCronJob, {
      metadata: workloadObjectMetadata(name, service, environment),
      spec: {
        schedule: service.schedule,
        ...(service.timeZone === undefined ? {} : { timeZone: service.timeZone }),
        concurrencyPolicy: service.concurrencyPolicy,
        ...(service.startingDeadlineSeconds === undefined ? {} : { startingDeadlineSeconds: service.startingDeadlineSeconds }),
        successfulJobsHistoryLimit: service.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: service.failedJobsHistoryLimit,
        suspend: service.suspend,
        jobTemplate: { metadata: { labels: workloadMetadata(name, service, environment).labels }, spec: jobSpec(name, service, environment) },
      },
    });
  }
}
