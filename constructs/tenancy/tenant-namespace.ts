// A namespace with its Pod Security labels, mesh injection label, ResourceQuota and LimitRange.
import { k8s } from "cdk8s-plus-28";
import { coreObject } from "../model-object.js";
import { Construct } from "constructs";
import type { EnvironmentSpec } from "../../spec/index.js";
import { QUOTA_KEYS } from "../../spec/schema/environment.js";
import { formatCpu, formatMemory } from "../../spec/quantity.js";
import { effectiveLimitRange } from "../../spec/limit-range.js";
import { namespaceDemand } from "../../spec/namespace-demand.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { quantities } from "../quantities.js";

export interface TenantNamespaceProps {
  readonly environment: EnvironmentSpec;
  /** Key of the namespace in `environment.namespaces`. */
  readonly namespaceKey: string;
}

export class TenantNamespace extends Construct {
  constructor(scope: Construct, id: string, props: TenantNamespaceProps) {
    super(scope, id);
    const { environment, namespaceKey } = props;
    const namespace = environment.namespaces[namespaceKey]!;
    const labels = objectLabels(platformIdentity(environment, "tenancy"), environment);

    coreObject(this, "namespace", k8s.KubeNamespace, {
      metadata: {
        name: namespace.name,
        labels: { ...namespace.labels, ...labels, ...podSecurityLabels(environment, namespaceKey), ...meshLabels(environment) },
      },
    });

    const metadata = { name: namespace.name, namespace: namespace.name, labels };
    coreObject(this, "quota", k8s.KubeResourceQuota, { metadata, spec: { hard: quantities(quotaHard(environment, namespaceKey)) } });

    const { defaultRequest, default: defaults, max, min } = effectiveLimitRange(namespace.limitRange);
    coreObject(this, "limit-range", k8s.KubeLimitRange, {
      metadata,
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: quantities(defaultRequest),
            default: quantities(defaults),
            ...(max === undefined ? {} : { max: quantities(max) }),
            ...(min === undefined ? {} : { min: quantities(min) }),
          },
        ],
      },
    });
  }
}

/** Enforced level from the spec; without the Istio CNI plugin, istio-init's NET_ADMIN needs 'baseline'. */
export function podSecurityLevel(environment: EnvironmentSpec, namespaceKey: string): "restricted" | "baseline" {
  const explicit = environment.namespaces[namespaceKey]!.podSecurity ?? environment.podSecurity;
  if (explicit !== undefined) return explicit;
  return environment.mesh.injection && !environment.mesh.cni ? "baseline" : "restricted";
}

function podSecurityLabels(environment: EnvironmentSpec, namespaceKey: string): Record<string, string> {
  const version = `v${environment.cluster.kubernetesVersion}`;
  const prefix = "pod-security.kubernetes.io";
  return {
    [`${prefix}/enforce`]: podSecurityLevel(environment, namespaceKey),
    [`${prefix}/enforce-version`]: version,
    [`${prefix}/warn`]: "restricted",
    [`${prefix}/warn-version`]: version,
    [`${prefix}/audit`]: "restricted",
    [`${prefix}/audit-version`]: version,
  };
}

function meshLabels(environment: EnvironmentSpec): Record<string, string> {
  const { injection, revision } = environment.mesh;
  if (!injection) return {};
  return revision === undefined ? { "istio-injection": "enabled" } : { "istio.io/rev": revision };
}

/** A quota sized for every service here at maximum scale, with the declared keys in place of the derived ones (or only them, with replace). */
export function quotaHard(environment: EnvironmentSpec, namespaceKey: string): Record<string, string> {
  const { replace = false, ...limits } = environment.namespaces[namespaceKey]!.quota ?? {};
  const declared = Object.fromEntries(Object.entries(limits).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (replace) return declared;
  const demand = namespaceDemand(namespaceKey, environment);
  const merged: Record<string, string> = {
    pods: String(demand.pods),
    "requests.cpu": formatCpu(demand["requests.cpu"]),
    "requests.memory": formatMemory(demand["requests.memory"]),
    "limits.memory": formatMemory(demand["limits.memory"]),
    ...(demand.persistentvolumeclaims === 0 ? {} : { persistentvolumeclaims: String(demand.persistentvolumeclaims), "requests.storage": formatMemory(demand["requests.storage"]) }),
    ...declared,
  };
  // In the schema's key order, whichever side each key comes from.
  return Object.fromEntries(QUOTA_KEYS.flatMap((key) => (merged[key] === undefined ? [] : [[key, merged[key]]])));
}
