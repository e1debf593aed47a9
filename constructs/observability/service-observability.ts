// Per workload: a ServiceMonitor for its metrics port (a PodMonitor for a job, which has no
// Service), a PrometheusRule with its SLO recordings and burn-rate alerts, its job alerts and its
// custom alerts, and for a serving workload a Grafana dashboard ConfigMap.
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { isMeshed } from "../../spec/environment-settings.js";
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { isBatch } from "../../spec/schema/service.js";
import { metricsOf, serving } from "../../spec/workload.js";
import { selectorLabels, serviceLabels } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { batchAlertRules } from "./batch-alerts.js";
import { customAlertRules } from "./custom-alerts.js";
import { serviceDashboard } from "./dashboard.js";
import { type RuleGroup, sloRuleGroups } from "./slo-rules.js";

export interface ServiceObservabilityProps {
  readonly environment: EnvironmentSpec;
  readonly node: ServiceNode;
}

export class ServiceObservability extends Construct {
  constructor(scope: Construct, id: string, props: ServiceObservabilityProps) {
    super(scope, id);
    const { environment, node } = props;
    const service = environment.services[node.name]!;
    const labels = serviceLabels(node.name, environment);
    const monitoringLabels = { ...labels, ...environment.prometheus.selector };
    const metadata = { name: node.name, namespace: node.namespace, labels: monitoringLabels };

    if (environment.prometheus.operator && metricsOf(service).length > 0) {
      const target = { selector: { matchLabels: selectorLabels(node.name, environment) }, namespaceSelector: { matchNames: [node.namespace] } };
      const endpoints = metricsOf(service).map((metrics) => ({ port: metrics.port, path: metrics.path, interval: metrics.interval, ...meshScrape(environment) }));
      // A job has no Service: its pods are scraped directly.
      if (isBatch(service)) {
        modelObject<IPodMonitor>(this, "pod-monitor", { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata, spec: { ...target, podMetricsEndpoints: endpoints } });
      } else {
        modelObject<IServiceMonitor>(this, "service-monitor", { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata, spec: { ...target, endpoints } });
      }
    }

    const slo = serving(service)?.slo;
    const groups: RuleGroup[] = [
      ...(slo ? sloRuleGroups(node, slo, environment) : []),
      ...(isBatch(service) ? [{ name: `${node.name}-runs`, rules: batchAlertRules(node, service, environment) }] : []),
      ...(service.alerts.length > 0 ? [{ name: `${node.name}-alerts`, rules: customAlertRules(node, service.alerts, environment) }] : []),
    ];
    if (environment.prometheus.operator && groups.length > 0) {
      modelObject<IPrometheusRule>(this, "rules", { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata, spec: { groups } });
    }

    // The dashboard shows requests, latency and scaling: a job has none of them.
    if (service.dashboard.enabled && !isBatch(service)) {
      const { dashboards } = environment;
      coreObject(this, "dashboard", k8s.KubeConfigMap, {
        metadata: {
          name: `${node.name}-dashboard`,
          namespace: dashboards.namespace ?? node.namespace,
          labels: { ...labels, ...dashboards.labels },
          annotations: { [dashboards.folderAnnotation]: dashboards.folder ?? environment.platform.name },
        },
        data: { [`${node.name}.json`]: `${JSON.stringify(serviceDashboard(node, service, environment), null, 2)}\n` },
      });
    }
  }
}

/** Under STRICT mTLS the metrics port speaks mTLS: Prometheus presents the certificates its istio-proxy wrote (Istio's documented setup). */
function meshScrape(environment: EnvironmentSpec) {
  if (!isMeshed(environment) || !environment.prometheus.mtls) return {};
  const dir = environment.prometheus.certDir.replace(/\/+$/, "");
  return {
    scheme: "https" as const,
    tlsConfig: { caFile: `${dir}/root-cert.pem`, certFile: `${dir}/cert-chain.pem`, keyFile: `${dir}/key.pem`, insecureSkipVerify: true },
  };
}
