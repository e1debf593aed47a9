// An independent check of a pod spec against the Pod Security Standards "restricted" profile
// (which includes "baseline"), written from the Kubernetes PSS definitions, for tests.
type Json = Record<string, any>;

const BASELINE_CAPABILITIES = new Set(["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]);
const RESTRICTED_VOLUMES = new Set(["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"]);
const SAFE_SYSCTLS = new Set(["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]);
const SELINUX_TYPES = new Set([undefined, "", "container_t", "container_init_t", "container_kvm_t"]);

export function restrictedViolations(pod: Json, annotations: Json = {}): string[] {
  const violations: string[] = [];
  const fail = (message: string) => violations.push(message);
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  const podContext: Json = pod.securityContext ?? {};

  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[field] === true) fail(`${field} is true`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== "name");
    if (!RESTRICTED_VOLUMES.has(type!)) fail(`volume ${volume.name} has type ${type}`);
  }
  for (const sysctl of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.has(sysctl.name)) fail(`unsafe sysctl ${sysctl.name}`);
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith("container.apparmor.security.beta.kubernetes.io/") && value !== "runtime/default" && !String(value).startsWith("localhost/")) fail(`AppArmor ${key}=${value}`);
  }
  if (podContext.runAsUser === 0) fail("pod runAsUser is 0");
  if (!SELINUX_TYPES.has(podContext.seLinuxOptions?.type) || podContext.seLinuxOptions?.user || podContext.seLinuxOptions?.role) fail("pod seLinuxOptions");
  const podSeccomp = podContext.seccompProfile?.type;
  if (podSeccomp === "Unconfined") fail("pod seccompProfile is Unconfined");

  for (const container of containers) {
    const context: Json = container.securityContext ?? {};
    const name = container.name;
    if (context.privileged === true) fail(`${name}: privileged`);
    if (context.allowPrivilegeEscalation !== false) fail(`${name}: allowPrivilegeEscalation is not false`);
    const drop: string[] = context.capabilities?.drop ?? [];
    if (!drop.includes("ALL")) fail(`${name}: capabilities.drop lacks ALL`);
    for (const added of context.capabilities?.add ?? []) {
      if (added !== "NET_BIND_SERVICE") fail(`${name}: adds capability ${added}`);
      if (!BASELINE_CAPABILITIES.has(added)) fail(`${name}: adds non-baseline capability ${added}`);
    }
    const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot !== true) fail(`${name}: runAsNonRoot is not true`);
    if (context.runAsUser === 0) fail(`${name}: runAsUser is 0`);
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") fail(`${name}: seccompProfile is ${seccomp ?? "unset"}`);
    if (context.procMount !== undefined && context.procMount !== "Default") fail(`${name}: procMount ${context.procMount}`);
    if (!SELINUX_TYPES.has(context.seLinuxOptions?.type) || context.seLinuxOptions?.user || context.seLinuxOptions?.role) fail(`${name}: seLinuxOptions`);
    for (const port of container.ports ?? []) if (port.hostPort) fail(`${name}: hostPort ${port.hostPort}`);
  }
  return violations;
}
