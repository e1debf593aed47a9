// The rendered object set of one environment, indexed for rules that relate objects to each other.
import type { KubeObject } from "../../constructs/synth.js";
import type { Severity } from "../finding.js";
import { type Json, podSpecsOf } from "../policy/rule.js";

export interface Workload {
  readonly object: KubeObject;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  /** Every container port of the pod, by name and number. */
  readonly ports: readonly { readonly name?: string; readonly containerPort: number }[];
}

export interface CrossObjectViolation {
  readonly object: KubeObject;
  readonly path: string;
  readonly message: string;
}

export interface CrossObjectContext {
  /** Labels Prometheus selects monitors and rules by; unchecked when undefined. */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
}

export interface CrossObjectRule {
  readonly id: string;
  readonly severity: Severity;
  readonly fix: string;
  check(index: ObjectIndex, context: CrossObjectContext): CrossObjectViolation[];
}

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"];

export class ObjectIndex {
  readonly workloads: readonly Workload[];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  constructor(readonly objects: readonly KubeObject[]) {
    for (const object of objects.filter((candidate) => candidate.kind === "Namespace")) {
      this.namespaceLabels.set(object.metadata.name, { ...((object.metadata.labels as Record<string, string>) ?? {}), "kubernetes.io/metadata.name": object.metadata.name });
    }
    this.workloads = objects
      .filter((object) => WORKLOAD_KINDS.includes(object.kind))
      .flatMap((object) =>
        podSpecsOf(object).map((pod) => {
          const spec = object.spec as Json;
          const template = object.kind === "Pod" ? object.metadata : object.kind === "CronJob" ? spec.jobTemplate?.spec?.template?.metadata : spec.template?.metadata;
          const containers = [...((pod.spec.containers as Json[]) ?? []), ...((pod.spec.initContainers as Json[]) ?? [])];
          return {
            object,
            namespace: object.metadata.namespace ?? "default",
            name: object.metadata.name,
            podLabels: (template?.labels as Record<string, string>) ?? {},
            ports: containers.flatMap((container) => (container.ports as { name?: string; containerPort: number }[] | undefined) ?? []),
          };
        }),
      );
  }

  ofKind(kind: string): KubeObject[] {
    return this.objects.filter((object) => object.kind === kind);
  }

  /** Whether a namespace is rendered in this set (so its contents are known). */
  hasNamespace(namespace: string): boolean {
    return this.namespaceLabels.has(namespace);
  }

  labelsOfNamespace(namespace: string): Record<string, string> {
    return this.namespaceLabels.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
  }

  workloadsIn(namespace: string): Workload[] {
    return this.workloads.filter((workload) => workload.namespace === namespace);
  }

  /** Workloads a label selector picks in a namespace. */
  selected(namespace: string, selector: Json | undefined): Workload[] {
    return this.workloadsIn(namespace).filter((workload) => matchesSelector(selector, workload.podLabels));
  }
}

/** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); an empty selector matches everything. */
export function matchesSelector(selector: Json | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return false;
  const matchLabels = (selector.matchLabels as Record<string, string> | undefined) ?? {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return ((selector.matchExpressions as { key: string; operator: string; values?: string[] }[] | undefined) ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return labels[key] !== undefined && values.includes(labels[key]!);
      case "NotIn":
        return labels[key] === undefined || !values.includes(labels[key]!);
      case "Exists":
        return labels[key] !== undefined;
      case "DoesNotExist":
        return labels[key] === undefined;
      default:
        return false;
    }
  });
}

/** A Service-style selector (a plain label map). */
export function matchesLabels(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}
