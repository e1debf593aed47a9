// A database's PgBouncer Pooler in front of its primary: the Pooler, a PodMonitor, and a
// NetworkPolicy admitting exactly the database's callers and Prometheus, and reaching the
// database's instances and the API server (PgBouncer's instance manager reads its configuration there).
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { databaseCallers, databaseNamespace, databasePodLabels, POOLER_METRICS_PORT, poolerName, poolerPodLabels, POSTGRES_PORT } from "../../spec/database.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { objectLabels, selectorLabels } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { apiServerEgress, componentPeer, servicesIngress, tcpPorts } from "../network/policy-rules.js";

export interface DatabasePoolerProps {
  readonly environment: EnvironmentSpec;
  /** Key of the database in `environment.databases`; it declares a pooler. */
  readonly name: string;
}

export class DatabasePooler extends Construct {
  constructor(scope: Construct, id: string, props: DatabasePoolerProps) {
    super(scope, id);
    const { environment, name } = props;
    const database = environment.databases[name]!;
    const pooler = database.pooler!;
    const namespace = databaseNamespace(name, environment);
    const metadata = { name: poolerName(name), namespace, labels: objectLabels({ name, version: database.version, component: "database-pooler" }, environment) };
    modelObject(this, "pooler", {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Pooler",
      metadata,
      spec: {
        cluster: { name },
        instances: pooler.instances,
        type: "rw",
        pgbouncer: { poolMode: pooler.mode, ...(Object.keys(pooler.parameters).length === 0 ? {} : { parameters: pooler.parameters }) },
        template: {
          metadata: { labels: selectorLabels(poolerName(name), environment) },
          spec: { containers: [{ name: "pgbouncer", resources: { requests: pooler.resources.requests, limits: pooler.resources.limits } }] },
        },
      },
    });
    if (environment.prometheus.operator) {
      modelObject<IPodMonitor>(this, "pod-monitor", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { ...metadata, labels: { ...metadata.labels, ...environment.prometheus.selector } },
        spec: { selector: { matchLabels: poolerPodLabels(name) }, namespaceSelector: { matchNames: [namespace] }, podMetricsEndpoints: [{ port: "metrics" }] },
      });
    }
    coreObject(this, "network-policy", k8s.KubeNetworkPolicy, {
      metadata,
      spec: {
        podSelector: { matchLabels: poolerPodLabels(name) },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          ...servicesIngress(databaseCallers(name, environment), environment, [POSTGRES_PORT]),
          ...(environment.prometheus.operator ? [{ from: [componentPeer(environment.prometheus)], ports: tcpPorts([POOLER_METRICS_PORT]) }] : []),
        ],
        egress: [{ to: [componentPeer({ namespace, podLabels: databasePodLabels(name) })], ports: tcpPorts([POSTGRES_PORT]) }, ...apiServerEgress(environment)],
      },
    });
  }
}
