// A Job, run by Argo CD as a hook of every sync: a Job's pod template cannot change once created,
// so each sync deletes the previous run and creates the Job anew (BeforeHookCreation).
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../../spec/index.js";
import type { BatchSpec } from "../../../spec/schema/service.js";
import { coreObject } from "../../model-object.js";
import { podTemplate } from "../pod-template.js";
import { type KindProps, workloadObjectMetadata } from "../workload-metadata.js";

export const ARGOCD_HOOK_ANNOTATION = "argocd.argoproj.io/hook";
export const ARGOCD_HOOK_DELETE_POLICY_ANNOTATION = "argocd.argoproj.io/hook-delete-policy";

/** What a run of a job or cron job does: its retries, deadline, completions and pods. */
export function jobSpec(name: string, service: BatchSpec, environment: EnvironmentSpec): k8s.JobSpec {
  return {
    backoffLimit: service.backoffLimit,
    ...(service.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: service.activeDeadlineSeconds }),
    ...(service.completions === undefined ? {} : { completions: service.completions }),
    ...(service.parallelism === undefined ? {} : { parallelism: service.parallelism }),
    template: podTemplate(name, service, environment),
  };
}

export class JobWorkload extends Construct {
  constructor(scope: Construct, id: string, props: KindProps<"job">) {
    super(scope, id);
    const { environment, name, service } = props;
    const hook = { [ARGOCD_HOOK_ANNOTATION]: service.hook, [ARGOCD_HOOK_DELETE_POLICY_ANNOTATION]: "BeforeHookCreation" };
    coreObject(this, "job", k8s.KubeJob, { metadata: workloadObjectMetadata(name, service, environment, hook), spec: jobSpec(name, service, environment) });
  }
}
