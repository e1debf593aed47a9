// Per namespace: a PodMonitor for the Envoy sidecars' own metrics (15090 only — scraping 15020,
// Istio's merged endpoint, as well would count them twice) and, when asked, workload alerts.
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Construct } from "constructs";
import { isMeshed } from "../../spec/environment-settings.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { LABEL, MANAGED_BY, objectLabels, platformIdentity } from "../labels.js";
import { modelObject } from "../model-object.js";
import { workloadAlertRules } from "./workload-alerts.js";

export interface NamespaceObservabilityProps {
  readonly environment: EnvironmentSpec;
  /** Kubernetes namespace name. */
  readonly namespace: string;
}

/** The port name istio-proxy gives 15090. */
export const ENVOY_METRICS_PORT_NAME = "http-envoy-prom";

export class NamespaceObservability extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceObservabilityProps) {
    super(scope, id);
    const { environment, namespace } = props;
    if (!environment.prometheus.operator) return;
    const labels = { ...objectLabels(platformIdentity(environment, "observability"), environment), ...environment.prometheus.selector };

    if (isMeshed(environment)) {
      modelObject<IPodMonitor>(this, "envoy", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: { name: "envoy-stats", namespace, labels },
        spec: {
          // Every pod slipway renders here carries a sidecar.
          selector: { matchLabels: { [LABEL.partOf]: environment.platform.name, [LABEL.managedBy]: MANAGED_BY } },
          namespaceSelector: { matchNames: [namespace] },
          jobLabel: "envoy-stats",
          podMetricsEndpoints: [{ port: ENVOY_METRICS_PORT_NAME, path: "/stats/prometheus", interval: "30s" }],
        },
      });
    }

    if (environment.alerting.workloadAlerts) {
      modelObject<IPrometheusRule>(this, "workload-alerts", {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: "workload-alerts", namespace, labels },
        spec: { groups: [{ name: `${namespace}-workloads`, rules: workloadAlertRules(namespace, environment) }] },
      });
    }
  }
}
