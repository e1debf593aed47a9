// Everything one workload declaration yields: its ServiceAccount, its config files' ConfigMap, the object of its kind
// (Deployment, StatefulSet, Job or CronJob, one construct each under kinds/), and for a serving
// workload the Service its callers use and its scaling objects.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../spec/index.js";
import { isServing } from "../../spec/schema/service.js";
import { selectorLabels } from "../labels.js";
import { coreObject } from "../model-object.js";
import { ConfigFiles } from "./config-files.js";
import { CronJobWorkload } from "./kinds/cron-job.js";
import { DeploymentWorkload } from "./kinds/deployment.js";
import { JobWorkload } from "./kinds/job.js";
import { StatefulSetWorkload } from "./kinds/stateful-set.js";
import { WorkloadScaling } from "./scaling.js";
import { servicePorts } from "./service-ports.js";
import { workloadMetadata } from "./workload-metadata.js";

export interface WorkloadProps {
  /** The resolved environment the workload is rendered for. */
  readonly environment: EnvironmentSpec;
  /** Key of the workload in `environment.services`. */
  readonly serviceName: string;
}

export class Workload extends Construct {
  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const { environment, serviceName: name } = props;
    const service = environment.services[name]!;
    const metadata = workloadMetadata(name, service, environment);

    coreObject(this, "service-account", k8s.KubeServiceAccount, {
      metadata: Object.keys(service.serviceAccount.annotations).length === 0 ? metadata : { ...metadata, annotations: service.serviceAccount.annotations },
      automountServiceAccountToken: service.serviceAccount.automountToken,
    });

    new ConfigFiles(this, "config-files", { environment, name, service });

    const kind = { environment, name };
    if (service.kind === "deployment") new DeploymentWorkload(this, "deployment", { ...kind, service });
    else if (service.kind === "statefulset") new StatefulSetWorkload(this, "stateful-set", { ...kind, service });
    else if (service.kind === "job") new JobWorkload(this, "job", { ...kind, service });
    else new CronJobWorkload(this, "cron-job", { ...kind, service });

    if (!isServing(service)) return;
    const ports = servicePorts(name, service);
    if (ports.length > 0) {
      coreObject(this, "service", k8s.KubeService, {
        metadata: Object.keys(service.serviceAnnotations).length === 0 ? metadata : { ...metadata, annotations: service.serviceAnnotations },
        spec: { type: "ClusterIP", selector: selectorLabels(name, environment), ports: ports.map((port) => ({ ...port, targetPort: k8s.IntOrString.fromString(String(port.targetPort)) })) },
      });
    }
    new WorkloadScaling(this, "scaling", { environment, name, service });
  }
}
