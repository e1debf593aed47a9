// Workload alerts for one namespace, with the expressions of the kubernetes-mixin
// (alerts/apps_alerts.libsonnet) scoped by namespace; KubeHpaMaxedOut also ignores HPAs whose
// minimum equals their maximum (they are always "maxed out").
import type { EnvironmentSpec } from "../../spec/index.js";
import { type Rule, runbookUrl } from "./slo-rules.js";

export const WORKLOAD_ALERTS = ["KubePodCrashLooping", "KubeDeploymentReplicasMismatch", "KubeHpaReplicasMismatch", "KubeHpaMaxedOut"] as const;

export function workloadAlertRules(namespace: string, environment: EnvironmentSpec): Rule[] {
  const s = `namespace="${namespace}",${environment.alerting.kubeStateMetricsSelector}`;
  const severity = environment.alerting.severity.ticket;
  const rule = (alert: (typeof WORKLOAD_ALERTS)[number], expr: string, summary: string, description: string): Rule => ({
    alert,
    expr,
    for: "15m",
    labels: { namespace, severity },
    annotations: { summary, description, runbook_url: runbookUrl(environment, alert) },
  });
  return [
    rule(
      "KubePodCrashLooping",
      `increase(kube_pod_container_status_restarts_total{${s}}[10m]) > 0\nand\nkube_pod_container_status_waiting{${s}} == 1`,
      "Pod is crash looping.",
      "Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) restarted within 10 minutes and is waiting to start again.",
    ),
    rule(
      "KubeDeploymentReplicasMismatch",
      `(\n  kube_deployment_spec_replicas{${s}}\n    >\n  kube_deployment_status_replicas_available{${s}}\n) and (\n  changes(kube_deployment_status_replicas_updated{${s}}[10m])\n    ==\n  0\n)`,
      "Deployment has not matched the expected number of replicas.",
      "Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has not matched the expected number of replicas for longer than 15 minutes.",
    ),
    rule(
      "KubeHpaReplicasMismatch",
      [
        `(kube_horizontalpodautoscaler_status_desired_replicas{${s}}`,
        "  !=",
        `kube_horizontalpodautoscaler_status_current_replicas{${s}})`,
        "  and",
        `(kube_horizontalpodautoscaler_status_current_replicas{${s}}`,
        "  >",
        `kube_horizontalpodautoscaler_spec_min_replicas{${s}})`,
        "  and",
        `(kube_horizontalpodautoscaler_status_current_replicas{${s}}`,
        "  <",
        `kube_horizontalpodautoscaler_spec_max_replicas{${s}})`,
        "  and",
        `changes(kube_horizontalpodautoscaler_status_current_replicas{${s}}[15m]) == 0`,
      ].join("\n"),
      "HPA has not matched the desired number of replicas.",
      "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has not matched the desired number of replicas for longer than 15 minutes.",
    ),
    rule(
      "KubeHpaMaxedOut",
      [
        `kube_horizontalpodautoscaler_status_current_replicas{${s}}`,
        "  ==",
        `kube_horizontalpodautoscaler_spec_max_replicas{${s}}`,
        "unless",
        `kube_horizontalpodautoscaler_spec_min_replicas{${s}}`,
        "  ==",
        `kube_horizontalpodautoscaler_spec_max_replicas{${s}}`,
      ].join("\n"),
      "HPA is running at max replicas.",
      "HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has been running at max replicas for longer than 15 minutes.",
    ),
  ];
}
