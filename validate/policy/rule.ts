// What a policy rule is, and how to find the pod specs and containers inside any workload.
import type { KubeObject } from "../../constructs/synth.js";
import type { Severity } from "../finding.js";

export type Json = Record<string, any>;
export type Profile = "baseline" | "restricted";

export interface Violation {
  readonly path: string;
  readonly message: string;
}

export interface PolicyRule {
  /** Stable id, `<family>/<name>`. */
  readonly id: string;
  readonly severity: Severity;
  /** Pod Security level the rule belongs to; rules without one always run. */
  readonly level?: Profile;
  readonly fix: string;
  check(object: KubeObject): Violation[];
}

export interface PodSpecAt {
  readonly spec: Json;
  readonly path: string;
  readonly annotations: Json;
  readonly labels: Json;
}

/** Pod specs of Pods and of every workload kind that templates them. */
export function podSpecsOf(object: KubeObject): PodSpecAt[] {
  const spec = object.spec as Json | undefined;
  if (spec === undefined) return [];
  switch (object.kind) {
    case "Pod":
      return [{ spec, path: "spec", annotations: (object.metadata.annotations as Json) ?? {}, labels: (object.metadata.labels as Json) ?? {} }];
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "ReplicationController":
    case "DeploymentConfig": // OpenShift's (apps.openshift.io/v1): a ReplicationController's template and selector
    case "Job":
      return spec.template?.spec
        ? [{ spec: spec.template.spec, path: "spec.template.spec", annotations: spec.template.metadata?.annotations ?? {}, labels: spec.template.metadata?.labels ?? {} }]
        : [];
    case "CronJob": {
      const template = spec.jobTemplate?.spec?.template;
      return template?.spec
        ? [{ spec: template.spec, path: "spec.jobTemplate.spec.template.spec", annotations: template.metadata?.annotations ?? {}, labels: template.metadata?.labels ?? {} }]
        : [];
    }
    default:
      return [];
  }
}

export interface ContainerAt {
  readonly container: Json;
  readonly path: string;
  readonly kind: "initContainers" | "containers" | "ephemeralContainers";
}

export function containersOf(pod: PodSpecAt): ContainerAt[] {
  return (["initContainers", "containers", "ephemeralContainers"] as const).flatMap((kind) =>
    ((pod.spec[kind] as Json[] | undefined) ?? []).map((container, index) => ({ container, path: `${pod.path}.${kind}.${index}`, kind })),
  );
}

/** A rule over every container of every pod spec of an object. */
export function eachContainer(check: (container: ContainerAt, pod: PodSpecAt) => Violation[]) {
  return (object: KubeObject): Violation[] => podSpecsOf(object).flatMap((pod) => containersOf(pod).flatMap((container) => check(container, pod)));
}

export function isIstio(object: KubeObject): boolean {
  return object.apiVersion.includes("istio.io/");
}

/** A rule over every pod spec of an object. */
export function eachPod(check: (pod: PodSpecAt) => Violation[]) {
  return (object: KubeObject): Violation[] => podSpecsOf(object).flatMap(check);
}

/** Visits every key under value; `path()` builds the dotted path only when a visitor needs it. */
export function walk(value: unknown, path: string, visit: (key: string, value: unknown, path: () => string) => void): void {
  const segments: (string | number)[] = [path];
  const descend = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        segments.push(index);
        descend(item);
        segments.pop();
      });
    } else if (typeof node === "object" && node !== null) {
      for (const key in node) {
        segments.push(key);
        visit(key, (node as Record<string, unknown>)[key], () => segments.join("."));
        descend((node as Record<string, unknown>)[key]);
        segments.pop();
      }
    }
  };
  descend(value);
}
