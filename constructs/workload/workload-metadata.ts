// The metadata of a workload's own object (Deployment, StatefulSet, Job, CronJob): the service's
// labels, its declared policy exceptions, and Reloader's annotation when secret changes roll pods.
import type { EnvironmentSpec, ServiceSpec } from "../../spec/index.js";
import type { WorkloadKind } from "../../spec/schema/service.js";
import { namespaceNameOf } from "../../spec/workload.js";
import { POLICY_EXCEPTIONS_ANNOTATION, serviceLabels } from "../labels.js";
import { existingSecretNames, readsSecretStore } from "../../spec/secret-references.js";
import { secretTargetName } from "../secrets/secret-wiring.js";

/** What the construct of one workload kind (kinds/) is given: the environment, the workload's name and its declaration. */
export interface KindProps<K extends WorkloadKind> {
  readonly environment: EnvironmentSpec;
  readonly name: string;
  readonly service: Extract<ServiceSpec, { kind: K }>;
}

export interface WorkloadMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** The metadata every object of a workload carries: its name, namespace and labels. */
export function workloadMetadata(name: string, service: ServiceSpec, environment: EnvironmentSpec): WorkloadMetadata {
  return { name, namespace: namespaceNameOf(service, environment), labels: serviceLabels(name, environment) };
}

/** The workload object's metadata, with annotations on top of `extra` (e.g. an Argo CD hook's). */
export function workloadObjectMetadata(name: string, service: ServiceSpec, environment: EnvironmentSpec, extra: Record<string, string> = {}): WorkloadMetadata {
  // With Stakater Reloader, a changed value in the Secret rolls the pods; otherwise they read it on their next start.
  const reloaded = environment.secretRotation === "reloader" ? [...(readsSecretStore(name, service) ? [secretTargetName(name)] : []), ...existingSecretNames(name, service)] : [];
  const annotations = {
    ...extra,
    ...(reloaded.length > 0 ? { "secret.reloader.stakater.com/reload": reloaded.join(",") } : {}),
    ...(service.policyExceptions.length > 0 ? { [POLICY_EXCEPTIONS_ANNOTATION]: JSON.stringify(service.policyExceptions) } : {}),
  };
  const metadata = workloadMetadata(name, service, environment);
  return Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata;
}
