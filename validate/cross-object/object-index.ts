// The rendered object set of one environment, indexed for rules that relate objects to each other.
import type { KubeObject } from "../../constructs/synth.js";
import type { Severity } from "../finding.js";
import { autoscalerBounds, isAutoscaler, scaleTargetOf } from "../autoscalers.js";
import { type Json, podSpecsOf } from "../policy/rule.js";

export interface Workload {
  readonly object: KubeObject;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  /** Labels the controller adds to its pods, whose values the manifests do not say (pod-template-hash, statefulset.kubernetes.io/pod-name, …). */
  readonly controllerLabels: ReadonlySet<string>;
  /** Every container port of the pod, by name and number. */
  readonly ports: readonly { readonly name?: string; readonly containerPort: number }[];
  /** Whether the manifest states the pod's containers: a template without a pod spec labels pods whose ports are unknown. */
  readonly containersKnown: boolean;
}

export interface CrossObjectViolation {
  readonly object: KubeObject;
  readonly path: string;
  readonly message: string;
  /**
   * The object names something the object set does not hold: an error when the set is complete
   * (a render), a warning when it may be part of a larger one (manifests given to validate).
   */
  readonly unresolved?: boolean;
}

export interface CrossObjectContext {
  /** Whether the objects are everything deployed together (a render): references they do not resolve are errors, else warnings. @default true */
  readonly complete?: boolean;
  /** Labels Prometheus selects monitors and rules by; unchecked when undefined. */
  readonly prometheusSelector?: Readonly<Record<string, string>>;
}

export interface CrossObjectRule {
  readonly id: string;
  readonly severity: Severity;
  readonly fix: string;
  check(index: ObjectIndex, context: CrossObjectContext): CrossObjectViolation[];
}

const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "DeploymentConfig", "Job", "CronJob", "Pod"];

const JOB_LABELS = ["controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "batch.kubernetes.io/job-completion-index"];

/** Labels each controller adds to the pods it makes: a selector may name them (a per-pod Service names statefulset.kubernetes.io/pod-name). */
const CONTROLLER_LABELS: Readonly<Record<string, ReadonlySet<string>>> = {
  Deployment: new Set(["pod-template-hash"]),
  StatefulSet: new Set(["controller-revision-hash", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"]),
  DaemonSet: new Set(["controller-revision-hash", "pod-template-generation"]),
  Job: new Set(JOB_LABELS),
  CronJob: new Set(JOB_LABELS),
};

const NO_LABELS: ReadonlySet<string> = new Set();
const ANY_CONTROLLER_LABEL = new Set(Object.values(CONTROLLER_LABELS).flatMap((labels) => [...labels]));

/**
 * Lookups by kind, namespace, name and label, built once, so each rule costs in proportion to the
 * objects it relates and the whole layer grows linearly with the object set.
 */
export class ObjectIndex {
  readonly workloads: readonly Workload[];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byName = new Map<string, KubeObject>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  /** `<namespace>\0<key>=<value>` → workloads whose pods carry the label. */
  private readonly workloadsByLabel = new Map<string, Workload[]>();
  /** `<kind>\0<namespace>\0<key>=<value>` → objects carrying the label, built per kind on first use. */
  private readonly objectsByLabel = new Map<string, KubeObject[]>();
  private readonly labelIndexedKinds = new Set<string>();
  private policiesByWorkload: Map<Workload, KubeObject[]> | undefined;
  private hpaByTarget: Map<KubeObject, KubeObject> | undefined;

  constructor(readonly objects: readonly KubeObject[]) {
    for (const object of objects) {
      append(this.byKind, object.kind, object);
      this.byName.set(nameKey(object.kind, object.metadata.namespace, object.metadata.name), object);
      if (object.kind === "Namespace") {
        this.namespaceLabels.set(object.metadata.name, { ...((object.metadata.labels as Record<string, string>) ?? {}), "kubernetes.io/metadata.name": object.metadata.name });
      }
    }
    const workloads: Workload[] = objects
      .filter((object) => WORKLOAD_KINDS.includes(object.kind))
      .flatMap((object) => {
        const pods = podSpecsOf(object);
        // A template without a pod spec (a minimal or malformed manifest) still labels its pods.
        return (pods.length > 0 ? pods : [{ spec: undefined }]).map((pod) => {
          const spec = object.spec as Json;
          const template = object.kind === "Pod" ? object.metadata : object.kind === "CronJob" ? spec.jobTemplate?.spec?.template?.metadata : spec.template?.metadata;
          const containers = [...((pod.spec?.containers as Json[]) ?? []), ...((pod.spec?.initContainers as Json[]) ?? [])];
          return {
            object,
            namespace: object.metadata.namespace ?? "default",
            name: object.metadata.name,
            podLabels: (template?.labels as Record<string, string>) ?? {},
            controllerLabels: CONTROLLER_LABELS[object.kind] ?? NO_LABELS,
            ports: containers.flatMap((container) => (container.ports as { name?: string; containerPort: number }[] | undefined) ?? []),
            containersKnown: pod.spec !== undefined,
          };
        });
      });
    this.workloads = [...workloads, ...objects.filter(isOperatorCluster).map(operatorWorkload)];
    for (const workload of this.workloads) {
      append(this.workloadsByNamespace, workload.namespace, workload);
      for (const [key, value] of Object.entries(workload.podLabels)) append(this.workloadsByLabel, `${workload.namespace}\0${key}=${value}`, workload);
    }
  }

  ofKind(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Objects of a kind in a namespace. */
  inNamespace(kind: string, namespace: string): KubeObject[] {
    return this.ofKind(kind).filter((object) => (object.metadata.namespace ?? "default") === namespace);
  }

  /** The object of a kind with this name (namespace undefined for cluster-scoped kinds). */
  find(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byName.get(nameKey(kind, namespace, name));
  }

  /** Whether a namespace is rendered in this set (so its contents are known). */
  hasNamespace(namespace: string): boolean {
    return this.namespaceLabels.has(namespace);
  }

  labelsOfNamespace(namespace: string): Record<string, string> {
    return this.namespaceLabels.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** Workloads a label selector picks in a namespace. */
  selected(namespace: string, selector: Json | undefined): Workload[] {
    if (selector === undefined || selector === null) return [];
    // Looked up by a label the manifests set: one a controller adds is on no template.
    const first = Object.entries((selector.matchLabels as Record<string, string> | undefined) ?? {}).find(([key]) => !ANY_CONTROLLER_LABEL.has(key));
    const candidates = first === undefined ? this.workloadsIn(namespace) : (this.workloadsByLabel.get(`${namespace}\0${first[0]}=${first[1]}`) ?? []);
    return candidates.filter((workload) => selectsPods(selector, workload));
  }

  /** Workloads a Service-style selector (a plain label map) picks in a namespace. */
  selectedByLabels(namespace: string, selector: Record<string, string> | undefined): Workload[] {
    return selector === undefined || Object.keys(selector).length === 0 ? [] : this.selected(namespace, { matchLabels: selector });
  }

  /** Objects of a kind in a namespace whose own labels a selector matches. */
  labeled(kind: string, namespace: string, selector: Json | undefined): KubeObject[] {
    if (selector === undefined || selector === null) return [];
    if (!this.labelIndexedKinds.has(kind)) {
      this.labelIndexedKinds.add(kind);
      for (const object of this.ofKind(kind)) {
        for (const [key, value] of Object.entries((object.metadata.labels as Record<string, string> | undefined) ?? {})) {
          append(this.objectsByLabel, `${kind}\0${object.metadata.namespace ?? "default"}\0${key}=${value}`, object);
        }
      }
    }
    const first = Object.entries((selector.matchLabels as Record<string, string> | undefined) ?? {})[0];
    const candidates = first === undefined ? this.inNamespace(kind, namespace) : (this.objectsByLabel.get(`${kind}\0${namespace}\0${first[0]}=${first[1]}`) ?? []);
    return candidates.filter((object) => matchesSelector(selector, (object.metadata.labels as Record<string, string> | undefined) ?? {}));
  }

  /** Workloads a NetworkPolicy peer (namespaceSelector and/or podSelector) names, seen from the policy's namespace. */
  peerWorkloads(peer: Json, policyNamespace: string): Workload[] {
    if (peer.ipBlock !== undefined) return [];
    const namespaces =
      peer.namespaceSelector === undefined
        ? [policyNamespace]
        : [...new Set([...this.namespaceLabels.keys(), ...this.workloadsByNamespace.keys()])].filter((namespace) => matchesSelector(peer.namespaceSelector, this.labelsOfNamespace(namespace)));
    return namespaces.flatMap((namespace) => (peer.podSelector === undefined ? [...this.workloadsIn(namespace)] : this.selected(namespace, peer.podSelector)));
  }

  /** The HPAs, and the KEDA ScaledObjects that each stand for the HPA KEDA creates. */
  autoscalers(): readonly KubeObject[] {
    return [...this.ofKind("HorizontalPodAutoscaler"), ...this.ofKind("ScaledObject")].filter(isAutoscaler);
  }

  /** The object an autoscaler's scaleTargetRef names in its namespace, if rendered. */
  scaleTargetOf(autoscaler: KubeObject): KubeObject | undefined {
    const { kind, name } = scaleTargetOf(autoscaler);
    return kind !== undefined && name !== undefined ? this.find(kind, autoscaler.metadata.namespace, name) : undefined;
  }

  /** The autoscaler (HPA or ScaledObject) that scales an object, if any. */
  hpaOf(target: KubeObject): KubeObject | undefined {
    if (this.hpaByTarget === undefined) {
      this.hpaByTarget = new Map();
      for (const autoscaler of this.autoscalers()) {
        const scaled = this.scaleTargetOf(autoscaler);
        if (scaled !== undefined && !this.hpaByTarget.has(scaled)) this.hpaByTarget.set(scaled, autoscaler);
      }
    }
    return this.hpaByTarget.get(target);
  }

  /** The replicas a workload object runs: its autoscaler's bounds, else its spec.replicas (Kubernetes' default 1). */
  replicaBounds(object: KubeObject): { readonly min: number; readonly max: number } {
    const autoscaler = this.hpaOf(object);
    if (autoscaler !== undefined) return autoscalerBounds(autoscaler);
    const replicas = ((object.spec as Json | undefined)?.replicas as number | undefined) ?? 1;
    return { min: replicas, max: replicas };
  }

  /** NetworkPolicies whose podSelector picks the workload. */
  networkPoliciesOf(workload: Workload): readonly KubeObject[] {
    if (this.policiesByWorkload === undefined) {
      this.policiesByWorkload = new Map();
      for (const policy of this.ofKind("NetworkPolicy")) {
        for (const subject of this.selected(policy.metadata.namespace ?? "default", (policy.spec as Json).podSelector ?? {})) append(this.policiesByWorkload, subject, policy);
      }
    }
    return this.policiesByWorkload.get(workload) ?? [];
  }
}

/** A manifest without a namespace lands in the default one (or its kind is cluster-scoped, where either spelling is consistent). */
function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\0${namespace ?? "default"}\0${name}`;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Whether a selector picks a workload's pods: a label its controller adds matches any value the selector asks of it. */
export function selectsPods(selector: Json | undefined, workload: Workload): boolean {
  return matchesSelector(selector, workload.podLabels, workload.controllerLabels);
}

/**
 * matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); an empty selector matches everything.
 * @param anyValue labels present with a value the manifests do not say: In, Exists, NotIn and matchLabels pass for them
 */
export function matchesSelector(selector: Json | undefined, labels: Record<string, string>, anyValue: ReadonlySet<string> = NO_LABELS): boolean {
  if (selector === undefined || selector === null) return false;
  const matchLabels = (selector.matchLabels as Record<string, string> | undefined) ?? {};
  if (!Object.entries(matchLabels).every(([key, value]) => anyValue.has(key) || labelOf(labels, key) === value)) return false;
  return ((selector.matchExpressions as { key: string; operator: string; values?: string[] }[] | undefined) ?? []).every(({ key, operator, values = [] }) => {
    if (anyValue.has(key)) return operator !== "DoesNotExist";
    const label = labelOf(labels, key);
    switch (operator) {
      case "In":
        return label !== undefined && values.includes(label);
      case "NotIn":
        return label === undefined || !values.includes(label);
      case "Exists":
        return label !== undefined;
      case "DoesNotExist":
        return label === undefined;
      default:
        return false;
    }
  });
}

/** Whether a label selector is present and empty (`{}`): it selects every pod (or namespace). */
export function selectsEverything(selector: unknown): boolean {
  if (typeof selector !== "object" || selector === null) return false;
  const { matchLabels, matchExpressions } = selector as Json;
  return Object.keys(matchLabels ?? {}).length === 0 && (matchExpressions ?? []).length === 0;
}

/** A Service-style selector (a plain label map). */
export function matchesLabels(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labelOf(labels, key) === value);
}

/** A label's value; a key such as "constructor" finds only a label of that name, never what every object inherits. */
function labelOf(labels: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** A CloudNativePG Cluster or Pooler: its operator runs the pods, which carry these labels and ports. */
function isOperatorCluster(object: KubeObject): boolean {
  return (object.kind === "Cluster" || object.kind === "Pooler") && object.apiVersion.startsWith("postgresql.cnpg.io/");
}

function operatorWorkload(object: KubeObject): Workload {
  const spec = (object.spec as Json | undefined) ?? {};
  const base = { object, namespace: object.metadata.namespace ?? "default", name: object.metadata.name, controllerLabels: NO_LABELS, containersKnown: true };
  if (object.kind === "Pooler") {
    return {
      ...base,
      podLabels: { ...((spec.template?.metadata?.labels as Record<string, string> | undefined) ?? {}), "cnpg.io/poolerName": object.metadata.name },
      ports: [
        { name: "pgbouncer", containerPort: 5432 },
        { name: "metrics", containerPort: 9127 },
      ],
    };
  }
  return {
    ...base,
    podLabels: { ...((spec.inheritedMetadata?.labels as Record<string, string> | undefined) ?? {}), "cnpg.io/cluster": object.metadata.name, "cnpg.io/podRole": "instance" },
    ports: [
      { name: "postgresql", containerPort: 5432 },
      { name: "metrics", containerPort: 9187 },
      { name: "status", containerPort: 8000 },
    ],
  };
}
