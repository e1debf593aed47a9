// kube-linter's checks, each with the slipway rules that do its job and what they report on its own
// test fixture (test/fixtures/realworld/kube-linter/tests/checks/, with the outcomes its
// bats-tests.sh expects). The README's kube-linter table is rendered from this list, and
// kube-linter-fixtures.test.ts holds slipway to it.

export type Caught = "yes" | "partly" | "stricter" | "no";

export interface KubeLinterCheck {
  /** kube-linter's check name (its bats test's name). */
  readonly check: string;
  /** Its fixture file under tests/checks. */
  readonly fixture: string;
  /** slipway rules doing the check's job; empty when none does. */
  readonly rules: readonly string[];
  /** The objects (as findings name them) those rules report on the fixture. */
  readonly reports: readonly string[];
  readonly caught: Caught;
  /** Where slipway differs from kube-linter, and why. */
  readonly note?: string;
}

const BOTH = (name: string) => [`Deployment/${name}`, `DeploymentConfig/${name}`];
const APP12 = ["Deployment/app1", "DeploymentConfig/app2"];

export const KUBE_LINTER_CHECKS: readonly KubeLinterCheck[] = [
  { check: "access-to-create-pods", fixture: "access-to-create-pods.yml", rules: [], reports: [], caught: "no" },
  { check: "access-to-secrets", fixture: "access-to-secrets.yml", rules: ["rbac/secret-access"], reports: ["Role/namespace-dev/role1"], caught: "yes", note: "reported on the Role, not on its binding; a rule scoped by resourceNames passes" },
  { check: "cluster-admin-role-binding", fixture: "cluster-admin-role-binding.yml", rules: ["rbac/cluster-admin-binding"], reports: ["ClusterRoleBinding/namespace-dev/role-binding1"], caught: "yes" },
  { check: "dangling-horizontalpodautoscaler", fixture: "dangling-hpa.yml", rules: ["xo/hpa-target"], reports: ["HorizontalPodAutoscaler/hpa1"], caught: "yes" },
  { check: "dangling-ingress", fixture: "dangling-ingress.yml", rules: ["xo/ingress-backend"], reports: ["Ingress/missing-service", "Ingress/bad-port"], caught: "yes" },
  { check: "dangling-networkpolicy", fixture: "dangling-networkpolicy.yml", rules: ["xo/network-policy-selects"], reports: ["NetworkPolicy/app"], caught: "yes" },
  { check: "dangling-networkpolicypeer-podselector", fixture: "dangling-networkpolicypeer-podselector.yml", rules: ["xo/network-policy-peer-selects"], reports: ["NetworkPolicy/app"], caught: "yes" },
  { check: "dangling-service", fixture: "dangling-service.yml", rules: ["xo/service-selector"], reports: ["Service/app1", "Service/app2"], caught: "yes" },
  {
    check: "dangling-servicemonitor",
    fixture: "dangling-servicemonitor.yml",
    rules: ["xo/service-monitor-selects"],
    reports: ["ServiceMonitor/dont-fire", "ServiceMonitor/app1", "ServiceMonitor/app2"],
    caught: "stricter",
    note: "also the first `dont-fire`: without a namespaceSelector prometheus-operator watches only the monitor's own namespace, where no Service carries the label",
  },
  { check: "default-service-account", fixture: "default-service-account.yml", rules: [], reports: [], caught: "no", note: "slipway renders a ServiceAccount per workload itself" },
  { check: "deprecated-service-account-field", fixture: "deprecated-service-account-field.yml", rules: ["deprecations/service-account-field"], reports: BOTH("app"), caught: "yes" },
  { check: "dnsconfig-options", fixture: "dnsconfig-options-ndots.yml", rules: [], reports: [], caught: "no" },
  { check: "docker-sock", fixture: "docker-sock.yml", rules: ["pss/host-path-volumes"], reports: [...BOTH("dont-fire"), ...BOTH("app")], caught: "stricter", note: "Pod Security baseline forbids every hostPath volume, not only the Docker socket" },
  { check: "drop-net-raw-capability", fixture: "drop-net-raw-capability.yml", rules: ["pss/capabilities-baseline"], reports: BOTH("app"), caught: "yes", note: "`pss/capabilities-restricted` also requires dropping ALL" },
  { check: "duplicate-env-var", fixture: "duplicate-env-var.yaml", rules: ["hygiene/duplicate-env"], reports: ["Deployment/(document 1)", "StatefulSet/(document 2)"], caught: "yes" },
  { check: "env-value-from", fixture: "env-var-value-from.yml", rules: [], reports: [], caught: "no", note: "keys of Secrets and ConfigMaps are not resolved across objects" },
  { check: "env-var-secret", fixture: "env-var-secret.yml", rules: ["secrets/env-literal"], reports: BOTH("app"), caught: "yes" },
  { check: "exposed-services", fixture: "exposed-services.yml", rules: [], reports: [], caught: "no" },
  { check: "host-ipc", fixture: "host-ipc.yml", rules: ["pss/host-namespaces"], reports: BOTH("app"), caught: "yes" },
  { check: "host-network", fixture: "host-network.yml", rules: ["pss/host-namespaces"], reports: BOTH("app"), caught: "yes" },
  { check: "host-pid", fixture: "host-pid.yml", rules: ["pss/host-namespaces"], reports: BOTH("app"), caught: "yes" },
  { check: "hpa-minimum-three-replicas", fixture: "hpa-minimum-three-replicas.yml", rules: [], reports: [], caught: "no" },
  { check: "invalid-target-ports", fixture: "invalid-target-ports.yaml", rules: ["hygiene/port-name"], reports: ["Service/test/invalid-target-ports", "Deployment/test/invalid-target-ports"], caught: "yes" },
  { check: "job-ttl-seconds-after-finished", fixture: "job-ttl-seconds-after-finished.yaml", rules: ["hygiene/job-ttl"], reports: ["Job/bad-job", "CronJob/bad-cronjob"], caught: "yes", note: "a hook Job Argo CD or Helm deletes needs no TTL" },
  { check: "latest-tag", fixture: "latest-tag.yml", rules: ["hygiene/image-pinned"], reports: BOTH("app"), caught: "yes" },
  { check: "liveness-port", fixture: "liveness-port.yml", rules: ["hygiene/probe-port"], reports: ["Deployment/(document 1)", "StatefulSet/(document 2)"], caught: "yes" },
  { check: "minimum-three-replicas", fixture: "minimum-three-replicas.yml", rules: [], reports: [], caught: "no" },
  { check: "mismatching-selector", fixture: "mismatching-selector.yml", rules: ["xo/workload-selector"], reports: APP12, caught: "yes" },
  { check: "no-anti-affinity", fixture: "no-anti-affinity.yml", rules: [], reports: [], caught: "no", note: "slipway renders topology spread constraints itself" },
  { check: "no-extensions-v1beta", fixture: "no-extensions-v1beta.yml", rules: ["deprecations/removed-api"], reports: ["NetworkPolicy/app"], caught: "yes" },
  { check: "no-liveness-probe", fixture: "no-liveness-probe.yml", rules: ["hygiene/probes"], reports: [], caught: "no", note: "probes are required of containers that serve ports; these declare none" },
  { check: "no-node-affinity", fixture: "no-node-affinity.yml", rules: [], reports: [], caught: "no" },
  { check: "no-read-only-root-fs", fixture: "no-read-only-root-fs.yml", rules: ["hygiene/read-only-root-filesystem"], reports: APP12, caught: "yes" },
  { check: "no-readiness-probe", fixture: "no-readiness-probe.yml", rules: ["hygiene/probes"], reports: [], caught: "no", note: "as for no-liveness-probe" },
  { check: "no-rolling-update-strategy", fixture: "no-rolling-update-strategy.yml", rules: [], reports: [], caught: "no" },
  { check: "non-existent-service-account", fixture: "non-existent-service-account.yml", rules: ["xo/service-account-exists"], reports: BOTH("app"), caught: "yes", note: "a warning from `validate` (the account may be deployed from elsewhere), an error in a render" },
  { check: "non-isolated-pod", fixture: "non-isolated-pod.yml", rules: [], reports: [], caught: "no", note: "slipway renders a default-deny NetworkPolicy per namespace itself" },
  { check: "pdb-max-unavailable", fixture: "pdb-max-unavailable.yaml", rules: ["xo/pdb-blocks-drain"], reports: ["PodDisruptionBudget/bar/foo"], caught: "yes" },
  { check: "pdb-min-available", fixture: "pdb-min-available.yaml", rules: ["xo/pdb-blocks-drain"], reports: ["PodDisruptionBudget/bar2/baz2", "PodDisruptionBudget/bar3/baz3"], caught: "partly", note: "not `baz`: its Deployment has no pod template, so no pods to count" },
  { check: "pdb-unhealthy-pod-eviction-policy", fixture: "pdb-unhealthy-pod-eviction-policy.yaml", rules: [], reports: [], caught: "no" },
  { check: "priority-class-name", fixture: "priority-class-name.yaml", rules: [], reports: [], caught: "no" },
  { check: "privilege-escalation-container", fixture: "privilege-escalation-container.yml", rules: ["pss/privilege-escalation"], reports: APP12, caught: "yes" },
  { check: "privileged-container", fixture: "privileged-container.yml", rules: ["pss/privileged"], reports: APP12, caught: "yes" },
  { check: "privileged-ports", fixture: "privileged-ports.yml", rules: [], reports: [], caught: "no" },
  { check: "read-secret-from-env-var", fixture: "read-secret-from-env-var.yml", rules: [], reports: [], caught: "no", note: "a secretKeyRef is how slipway passes secrets" },
  { check: "readiness-port", fixture: "readiness-port.yml", rules: ["hygiene/probe-port"], reports: ["Deployment/(document 1)"], caught: "yes" },
  { check: "required-annotation-email", fixture: "required-annotation-email.yml", rules: [], reports: [], caught: "no" },
  { check: "required-label-owner", fixture: "required-label-owner.yml", rules: [], reports: [], caught: "no" },
  { check: "restart-policy", fixture: "restart-policy.yaml", rules: [], reports: [], caught: "no" },
  { check: "run-as-non-root", fixture: "run-as-non-root.yml", rules: ["pss/run-as-non-root"], reports: [...APP12, ...BOTH("group-zero")], caught: "yes" },
  { check: "scc-deny-privileged-container", fixture: "scc-deny-privileged-container.yml", rules: [], reports: [], caught: "no", note: "OpenShift SecurityContextConstraints" },
  { check: "schema-validation", fixture: "kubeconform.yml", rules: ["schema/unknown-field"], reports: ["DaemonSet/default/invalid-daemonset", "Pod/default/invalid-pod"], caught: "yes" },
  { check: "sensitive-host-mounts", fixture: "sensitive-host-mounts.yml", rules: ["pss/host-path-volumes"], reports: APP12, caught: "yes" },
  { check: "sorted-keys", fixture: "sorted-keys.yaml", rules: [], reports: [], caught: "no" },
  { check: "ssh-port", fixture: "ssh-port.yml", rules: ["hygiene/ssh-port"], reports: [...APP12, "DeploymentConfig/app3"], caught: "yes" },
  { check: "startup-port", fixture: "startup-port.yml", rules: ["hygiene/probe-port"], reports: ["Deployment/(document 1)"], caught: "yes" },
  { check: "statefulset-volumeclaimtemplate-annotation", fixture: "statefulset-volumeclaimtemplate-annotation.yml", rules: [], reports: [], caught: "no" },
  { check: "template-cel", fixture: "cel.yml", rules: [], reports: [], caught: "no", note: "custom CEL checks; the fixture also lacks a `---` (reported as `input/yaml`)" },
  { check: "template-forbidden-annotation", fixture: "forbidden-annotation.yml", rules: [], reports: [], caught: "no", note: "a configured check" },
  { check: "unsafe-proc-mount", fixture: "unsafe-proc-mount.yml", rules: ["pss/proc-mount"], reports: APP12, caught: "yes" },
  { check: "unsafe-sysctls", fixture: "unsafe-sysctls.yml", rules: ["pss/sysctls"], reports: APP12, caught: "yes" },
  { check: "unset-cpu-requirements", fixture: "unset-cpu-requirements.yml", rules: ["hygiene/resources"], reports: APP12, caught: "yes" },
  { check: "unset-memory-requirements", fixture: "unset-memory-requirements.yml", rules: ["hygiene/resources"], reports: APP12, caught: "yes" },
  { check: "use-namespace", fixture: "use-namespace.yml", rules: [], reports: [], caught: "no", note: "slipway sets every namespace itself" },
  { check: "wildcard-in-rules", fixture: "wildcard-in-rules.yml", rules: ["rbac/wildcard"], reports: ["Role/namespace-dev/role1"], caught: "yes" },
  { check: "writable-host-mount", fixture: "writable-host-mount.yml", rules: ["pss/host-path-volumes"], reports: APP12, caught: "yes", note: "every hostPath volume, read-only or not" },
];

/** The check's row in the README's table. */
export function readmeRow({ check, rules, caught, note }: KubeLinterCheck): string {
  const rule = rules.length === 0 ? "—" : rules.map((id) => `\`${id}\``).join(", ");
  return `| \`${check}\` | ${rule} | ${caught}${note === undefined ? "" : `: ${note}`} |`;
}
