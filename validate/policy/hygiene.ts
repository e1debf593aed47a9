// Workload hygiene: pinned images, requests and memory limits, probes that exist and differ,
// valid port names, read-only root filesystems, no API token unless needed, finished Jobs cleaned up.
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../../constructs/synth.js";
import { isPortName } from "../../spec/formats.js";
import { type ContainerAt, eachContainer, eachPod, type Json, type PolicyRule, type Violation } from "./rule.js";

const HOOK_DELETE_POLICY_ANNOTATIONS = ["argocd.argoproj.io/hook-delete-policy", "helm.sh/hook-delete-policy"];

/** Tag and digest of an image reference, reading a registry's ":port" as part of the host. */
export function imageParts(image: string): { tag?: string; digest?: string } {
  const [reference, digest] = image.split("@") as [string, string | undefined];
  const lastComponent = reference.slice(reference.lastIndexOf("/") + 1);
  const colon = lastComponent.lastIndexOf(":");
  return { ...(colon >= 0 ? { tag: lastComponent.slice(colon + 1) } : {}), ...(digest === undefined ? {} : { digest }) };
}

const name = ({ container }: ContainerAt) => String(container.name);
const serving = (c: ContainerAt) => c.kind === "containers" && ((c.container.ports as unknown[] | undefined) ?? []).length > 0;
const probes = (c: ContainerAt) => (["readinessProbe", "livenessProbe", "startupProbe"] as const).filter((probe) => c.container[probe] !== undefined);

/** A hook Job whose deploy tool deletes it (Argo CD's or Helm's hook-delete-policy). */
function deletedByDeployTool(job: KubeObject): boolean {
  const annotations = (job.metadata.annotations as Record<string, string> | undefined) ?? {};
  return HOOK_DELETE_POLICY_ANNOTATIONS.some((annotation) => typeof annotations[annotation] === "string" && annotations[annotation] !== "");
}

const containerPortNameViolations = eachContainer((c) =>
  ((c.container.ports as Json[] | undefined) ?? []).flatMap((port, index) => {
    const portName = port.name as string | undefined;
    return portName === undefined || isPortName(portName) ? [] : [{ path: `${c.path}.ports.${index}.name`, message: `port name "${portName}" is not a valid IANA service name` }];
  }),
);

/** A Service's targetPort is a container port's name or a number 1-65535. */
function serviceTargetPortViolations(service: KubeObject): Violation[] {
  const ports = (service.spec as Json | undefined)?.ports;
  return (Array.isArray(ports) ? (ports as Json[]) : []).flatMap((port, index) => {
    const target = port?.targetPort;
    const path = `spec.ports.${index}.targetPort`;
    if (typeof target === "string" && !/^\d+$/.test(target)) return isPortName(target) ? [] : [{ path, message: `targetPort "${target}" is not a valid IANA service name, so it names no container port` }];
    if (target === undefined || typeof target === "object") return [];
    const number = Number(target);
    return Number.isInteger(number) && number >= 1 && number <= 65535 ? [] : [{ path, message: `targetPort ${String(target)} is not a port number (1-65535)` }];
  });
}

function probePort(probe: Json): unknown {
  return probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
}

export const hygieneRules: readonly PolicyRule[] = [
  {
    id: "hygiene/duplicate-env",
    severity: "error",
    fix: "declare each environment variable once per container (the API server keeps the last, silently)",
    check: eachContainer((c) => {
      const env = Array.isArray(c.container.env) ? (c.container.env as Json[]) : [];
      const seen = new Set<string>();
      return env.flatMap((variable, index) => {
        const variableName = String(variable?.name);
        if (!seen.has(variableName)) {
          seen.add(variableName);
          return [];
        }
        return [{ path: `${c.path}.env.${index}.name`, message: `container ${name(c)} declares ${variableName} more than once` }];
      });
    }),
  },
  {
    id: "hygiene/ssh-port",
    severity: "warning",
    fix: "do not run an SSH server in a container: use kubectl exec (or a debug container) instead",
    check: eachContainer((c) =>
      (Array.isArray(c.container.ports) ? (c.container.ports as Json[]) : []).flatMap((port, index) =>
        port?.containerPort === 22 ? [{ path: `${c.path}.ports.${index}.containerPort`, message: `container ${name(c)} exposes port 22 (SSH)` }] : [],
      ),
    ),
  },
  {
    id: "hygiene/network-policy-types",
    severity: "warning",
    fix: "state spec.policyTypes ([Ingress], [Egress] or both): without it, whether the policy isolates egress depends on whether it has egress rules",
    check: (object) => (object.kind === "NetworkPolicy" && (object.spec as Json | undefined)?.policyTypes === undefined ? [{ path: "spec.policyTypes", message: `NetworkPolicy ${object.metadata.name} does not state its policyTypes` }] : []),
  },
  {
    id: "hygiene/job-ttl",
    severity: "warning",
    fix: "set spec.ttlSecondsAfterFinished on a Job (a CronJob's jobs are kept by its history limits instead)",
    check: (object) => {
      const spec = object.spec as Json | undefined;
      if (object.kind === "Job" && spec?.ttlSecondsAfterFinished === undefined && !deletedByDeployTool(object)) {
        return [{ path: "spec.ttlSecondsAfterFinished", message: `Job ${object.metadata.name} is never deleted once finished: it and its pods stay until someone deletes them` }];
      }
      if (object.kind === "CronJob" && spec?.jobTemplate?.spec?.ttlSecondsAfterFinished !== undefined) {
        return [{ path: "spec.jobTemplate.spec.ttlSecondsAfterFinished", message: `CronJob ${object.metadata.name} deletes its jobs after a TTL, so successfulJobsHistoryLimit and failedJobsHistoryLimit keep fewer than they say` }];
      }
      return [];
    },
  },
  {
    id: "hygiene/image-pinned",
    severity: "error",
    fix: 'pin the image with a version tag (not "latest") or a digest',
    check: eachContainer((c) => {
      const image = String(c.container.image ?? "");
      const { tag, digest } = imageParts(image);
      if (digest !== undefined) return [];
      if (tag === undefined) return [{ path: `${c.path}.image`, message: `${image} has no tag or digest (it means "latest")` }];
      return tag === "latest" ? [{ path: `${c.path}.image`, message: `${image} uses the mutable "latest" tag` }] : [];
    }),
  },
  {
    id: "hygiene/resources",
    severity: "error",
    fix: "set resources.requests.cpu, resources.requests.memory and resources.limits.memory",
    check: eachContainer((c) => {
      if (c.kind === "ephemeralContainers") return [];
      const { requests = {}, limits = {} } = (c.container.resources as Json | undefined) ?? {};
      const missing = [...(["cpu", "memory"] as const).filter((resource) => requests[resource] === undefined).map((resource) => `requests.${resource}`), ...(limits.memory === undefined ? ["limits.memory"] : [])];
      return missing.length === 0 ? [] : [{ path: `${c.path}.resources`, message: `container ${name(c)} sets no ${missing.join(", ")}` }];
    }),
  },
  {
    id: "hygiene/probes",
    severity: "error",
    fix: "give every container that serves ports a readinessProbe and a livenessProbe",
    check: eachContainer((c) =>
      !serving(c)
        ? []
        : (["readinessProbe", "livenessProbe"] as const).filter((probe) => c.container[probe] === undefined).map((probe) => ({ path: `${c.path}.${probe}`, message: `container ${name(c)} serves ports but has no ${probe}` })),
    ),
  },
  {
    id: "hygiene/probe-distinct",
    severity: "warning",
    fix: "make liveness check that the process lives and readiness that it can serve: a failing dependency should not restart it",
    check: eachContainer((c) =>
      c.container.livenessProbe !== undefined && isDeepStrictEqual(c.container.livenessProbe, c.container.readinessProbe)
        ? [{ path: `${c.path}.livenessProbe`, message: `container ${name(c)} uses the same probe for liveness and readiness` }]
        : [],
    ),
  },
  {
    id: "hygiene/probe-port",
    severity: "error",
    fix: "point the probe at a port the container declares, or give an exec probe its command",
    check: eachContainer((c) => {
      const ports = (c.container.ports as Json[] | undefined) ?? [];
      return probes(c).flatMap((probe): Violation[] => {
        const exec = c.container[probe].exec;
        if (exec !== undefined) return Array.isArray(exec.command) && exec.command.length > 0 ? [] : [{ path: `${c.path}.${probe}.exec`, message: `container ${name(c)} has an exec ${probe} with no command` }];
        const port = probePort(c.container[probe]);
        if (port === undefined) return [];
        const declared = typeof port === "number" ? ports.some((candidate) => candidate.containerPort === port) : ports.some((candidate) => candidate.name === port);
        return declared ? [] : [{ path: `${c.path}.${probe}`, message: `container ${name(c)} probes port ${String(port)}, which it does not declare` }];
      });
    }),
  },
  {
    id: "hygiene/port-name",
    severity: "error",
    fix: "name ports with at most 15 lower-case letters, digits and single '-', at least one letter; number them 1-65535",
    check: (object) => (object.kind === "Service" ? serviceTargetPortViolations(object) : containerPortNameViolations(object)),
  },
  {
    id: "hygiene/read-only-root-filesystem",
    severity: "warning",
    fix: "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the container writes",
    check: eachContainer((c) =>
      c.kind !== "ephemeralContainers" && c.container.securityContext?.readOnlyRootFilesystem !== true
        ? [{ path: `${c.path}.securityContext.readOnlyRootFilesystem`, message: `container ${name(c)} can write its root filesystem` }]
        : [],
    ),
  },
  {
    id: "hygiene/automount-token",
    severity: "warning",
    fix: "set automountServiceAccountToken: false unless the pod calls the Kubernetes API (then declare an exception)",
    check: eachPod((pod) =>
      pod.spec.automountServiceAccountToken === false ? [] : [{ path: `${pod.path}.automountServiceAccountToken`, message: "the pod mounts a Kubernetes API token" }],
    ),
  },
];
