// Pod Security Standards, as Pod Security Admission (Kubernetes 1.28) checks them: the baseline
// level, and the restricted level on top of it.
import { type ContainerAt, containersOf, eachContainer, eachPod, type PolicyRule, type Violation } from "./rule.js";

const BASELINE_CAPABILITIES = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
const SELINUX_TYPES = ["", "container_t", "container_init_t", "container_kvm_t"];
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

const name = ({ container }: ContainerAt) => String(container.name);

export const podSecurityRules: readonly PolicyRule[] = [
  {
    id: "pss/host-process",
    severity: "error",
    level: "baseline",
    fix: "remove windowsOptions.hostProcess",
    check: eachPod((pod) => {
      const violations: Violation[] = [];
      if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) violations.push({ path: `${pod.path}.securityContext.windowsOptions.hostProcess`, message: "Windows HostProcess pods are not allowed" });
      return violations;
    }),
  },
  {
    id: "pss/host-namespaces",
    severity: "error",
    level: "baseline",
    fix: "remove hostNetwork, hostPID and hostIPC",
    check: eachPod((pod) =>
      ["hostNetwork", "hostPID", "hostIPC"].filter((field) => pod.spec[field] === true).map((field) => ({ path: `${pod.path}.${field}`, message: `${field} shares the node's namespace` })),
    ),
  },
  {
    id: "pss/privileged",
    severity: "error",
    level: "baseline",
    fix: "remove securityContext.privileged (or set false)",
    check: eachContainer((c) => (c.container.securityContext?.privileged === true ? [{ path: `${c.path}.securityContext.privileged`, message: `container ${name(c)} is privileged` }] : [])),
  },
  {
    id: "pss/capabilities-baseline",
    severity: "error",
    level: "baseline",
    fix: `add only capabilities from the baseline set (${BASELINE_CAPABILITIES.join(", ")})`,
    check: eachContainer((c) =>
      ((c.container.securityContext?.capabilities?.add as string[] | undefined) ?? [])
        .filter((capability) => !BASELINE_CAPABILITIES.includes(capability))
        .map((capability) => ({ path: `${c.path}.securityContext.capabilities.add`, message: `container ${name(c)} adds ${capability}` })),
    ),
  },
  {
    id: "pss/host-path-volumes",
    severity: "error",
    level: "baseline",
    fix: "use emptyDir, configMap, secret or a PersistentVolumeClaim instead of hostPath",
    check: eachPod((pod) =>
      ((pod.spec.volumes as Record<string, unknown>[] | undefined) ?? []).flatMap((volume, index) =>
        volume.hostPath !== undefined ? [{ path: `${pod.path}.volumes.${index}.hostPath`, message: `volume ${String(volume.name)} mounts a host path` }] : [],
      ),
    ),
  },
  {
    id: "pss/host-ports",
    severity: "error",
    level: "baseline",
    fix: "remove hostPort; expose the port through a Service",
    check: eachContainer((c) =>
      ((c.container.ports as Record<string, unknown>[] | undefined) ?? []).flatMap((port, index) =>
        port.hostPort !== undefined && port.hostPort !== 0 ? [{ path: `${c.path}.ports.${index}.hostPort`, message: `container ${name(c)} binds host port ${String(port.hostPort)}` }] : [],
      ),
    ),
  },
  {
    id: "pss/apparmor",
    severity: "error",
    level: "baseline",
    fix: 'use the runtime/default or a localhost/<profile> AppArmor profile',
    check: eachPod((pod) =>
      Object.entries(pod.annotations)
        .filter(([key, value]) => key.startsWith("container.apparmor.security.beta.kubernetes.io/") && value !== "runtime/default" && !String(value).startsWith("localhost/"))
        .map(([key, value]) => ({ path: `${pod.path.replace(/\.spec$/, "")}.metadata.annotations.${key}`, message: `AppArmor profile ${String(value)} is not allowed` })),
    ),
  },
  {
    id: "pss/selinux",
    severity: "error",
    level: "baseline",
    fix: "leave seLinuxOptions.user and role unset, and type empty or container_t/container_init_t/container_kvm_t",
    check: (object) => {
      const check = (options: Record<string, unknown> | undefined, path: string): Violation[] =>
        options === undefined
          ? []
          : [
              ...(options.type !== undefined && !SELINUX_TYPES.includes(String(options.type)) ? [{ path: `${path}.type`, message: `SELinux type ${String(options.type)} is not allowed` }] : []),
              ...(["user", "role"] as const).filter((field) => options[field] !== undefined && options[field] !== "").map((field) => ({ path: `${path}.${field}`, message: `SELinux ${field} may not be set` })),
            ];
      return [
        ...eachPod((pod) => check(pod.spec.securityContext?.seLinuxOptions, `${pod.path}.securityContext.seLinuxOptions`))(object),
        ...eachContainer((c) => check(c.container.securityContext?.seLinuxOptions, `${c.path}.securityContext.seLinuxOptions`))(object),
      ];
    },
  },
  {
    id: "pss/proc-mount",
    severity: "error",
    level: "baseline",
    fix: "remove securityContext.procMount (or set Default)",
    check: eachContainer((c) => {
      const procMount = c.container.securityContext?.procMount;
      return procMount !== undefined && procMount !== "Default" ? [{ path: `${c.path}.securityContext.procMount`, message: `container ${name(c)} uses procMount ${String(procMount)}` }] : [];
    }),
  },
  {
    id: "pss/seccomp-baseline",
    severity: "error",
    level: "baseline",
    fix: "use the RuntimeDefault or a Localhost seccomp profile",
    check: (object) => [
      ...eachPod((pod) => (pod.spec.securityContext?.seccompProfile?.type === "Unconfined" ? [{ path: `${pod.path}.securityContext.seccompProfile.type`, message: "the pod runs Unconfined" }] : []))(object),
      ...eachContainer((c) => (c.container.securityContext?.seccompProfile?.type === "Unconfined" ? [{ path: `${c.path}.securityContext.seccompProfile.type`, message: `container ${name(c)} runs Unconfined` }] : []))(object),
    ],
  },
  {
    id: "pss/sysctls",
    severity: "error",
    level: "baseline",
    fix: `set only safe sysctls (${SAFE_SYSCTLS.join(", ")})`,
    check: eachPod((pod) =>
      ((pod.spec.securityContext?.sysctls as { name: string }[] | undefined) ?? []).flatMap((sysctl, index) =>
        SAFE_SYSCTLS.includes(sysctl.name) ? [] : [{ path: `${pod.path}.securityContext.sysctls.${index}.name`, message: `sysctl ${sysctl.name} is not safe` }],
      ),
    ),
  },
  {
    id: "pss/volume-types",
    severity: "error",
    level: "restricted",
    fix: `use only ${RESTRICTED_VOLUMES.join(", ")} volumes`,
    check: eachPod((pod) =>
      ((pod.spec.volumes as Record<string, unknown>[] | undefined) ?? []).flatMap((volume, index) => {
        const type = Object.keys(volume).find((key) => key !== "name");
        return type === undefined || RESTRICTED_VOLUMES.includes(type) ? [] : [{ path: `${pod.path}.volumes.${index}.${type}`, message: `volume ${String(volume.name)} has type ${type}` }];
      }),
    ),
  },
  {
    id: "pss/privilege-escalation",
    severity: "error",
    level: "restricted",
    fix: "set securityContext.allowPrivilegeEscalation: false on every container",
    check: eachContainer((c) =>
      c.container.securityContext?.allowPrivilegeEscalation === false
        ? []
        : [{ path: `${c.path}.securityContext.allowPrivilegeEscalation`, message: `container ${name(c)} does not set allowPrivilegeEscalation: false` }],
    ),
  },
  {
    id: "pss/run-as-non-root",
    severity: "error",
    level: "restricted",
    fix: "set securityContext.runAsNonRoot: true on the pod (and false on no container)",
    check: eachPod((pod) =>
      containersOf(pod).flatMap((c) => {
        const value = c.container.securityContext?.runAsNonRoot;
        return value === false || (value === undefined && pod.spec.securityContext?.runAsNonRoot !== true)
          ? [{ path: `${c.path}.securityContext.runAsNonRoot`, message: `container ${name(c)} may run as root` }]
          : [];
      }),
    ),
  },
  {
    id: "pss/run-as-user",
    severity: "error",
    level: "restricted",
    fix: "set runAsUser to a non-zero UID",
    check: (object) => [
      ...eachPod((pod) => (pod.spec.securityContext?.runAsUser === 0 ? [{ path: `${pod.path}.securityContext.runAsUser`, message: "the pod runs as UID 0" }] : []))(object),
      ...eachContainer((c) => (c.container.securityContext?.runAsUser === 0 ? [{ path: `${c.path}.securityContext.runAsUser`, message: `container ${name(c)} runs as UID 0` }] : []))(object),
    ],
  },
  {
    id: "pss/seccomp-restricted",
    severity: "error",
    level: "restricted",
    fix: "set securityContext.seccompProfile.type: RuntimeDefault on the pod",
    check: eachPod((pod) =>
      containersOf(pod).flatMap((c) => {
        const type = c.container.securityContext?.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type;
        return type === "RuntimeDefault" || type === "Localhost"
          ? []
          : [{ path: `${c.path}.securityContext.seccompProfile`, message: `container ${name(c)} has no RuntimeDefault or Localhost seccomp profile` }];
      }),
    ),
  },
  {
    id: "pss/capabilities-restricted",
    severity: "error",
    level: "restricted",
    fix: 'drop ["ALL"] and add at most NET_BIND_SERVICE',
    check: eachContainer((c) => {
      const capabilities = c.container.securityContext?.capabilities ?? {};
      const violations: Violation[] = [];
      if (!((capabilities.drop as string[] | undefined) ?? []).includes("ALL")) violations.push({ path: `${c.path}.securityContext.capabilities.drop`, message: `container ${name(c)} does not drop ALL capabilities` });
      for (const capability of (capabilities.add as string[] | undefined) ?? []) {
        if (capability !== "NET_BIND_SERVICE") violations.push({ path: `${c.path}.securityContext.capabilities.add`, message: `container ${name(c)} adds ${capability}` });
      }
      return violations;
    }),
  },
];
