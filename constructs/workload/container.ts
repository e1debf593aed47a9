// One container of a service's pod: pinned image, explicit resources, probes, a preStop hook,
// restricted security context, and an emptyDir mount for every writable path (the root filesystem
// is read-only).
import { k8s } from "cdk8s-plus-28";
import { imageReference, type PodContainer, writableVolumeName } from "../../spec/workload.js";
import { quantities } from "../quantities.js";
import { secretEnvVars, secretMounts } from "../secrets/secret-wiring.js";
import { renderProbe } from "./probe.js";
import { containerSecurityContext } from "./security.js";

/** @param volumeMounts mounts beyond the container's own writable paths and secrets (persistent volumes) */
export function renderContainer(container: PodContainer, serviceName: string, registry: string | undefined, volumeMounts: readonly k8s.VolumeMount[] = []): k8s.Container {
  const { spec } = container;
  const env = [...Object.entries(spec.env).map(([name, value]) => ({ name, value })), ...secretEnvVars(container, serviceName)];
  const mounts = [
    ...spec.writablePaths.map((mountPath) => ({ name: writableVolumeName(container, mountPath), mountPath })),
    ...secretMounts(container),
    ...volumeMounts,
  ];
  const { readiness, liveness, startup } = spec.probes;
  return {
    name: container.name,
    image: imageReference(spec.image, registry),
    imagePullPolicy: "IfNotPresent",
    ...(spec.command === undefined ? {} : { command: spec.command }),
    ...(spec.args === undefined ? {} : { args: spec.args }),
    ...(env.length === 0 ? {} : { env }),
    ...(spec.ports.length === 0
      ? {}
      : { ports: spec.ports.map((port) => ({ name: port.name, containerPort: port.containerPort, protocol: "TCP" })) }),
    resources: { requests: quantities(spec.resources.requests), limits: quantities(spec.resources.limits) },
    ...(readiness === undefined ? {} : { readinessProbe: renderProbe(readiness, spec) }),
    ...(liveness === undefined ? {} : { livenessProbe: renderProbe(liveness, spec) }),
    ...(startup === undefined ? {} : { startupProbe: renderProbe(startup, spec) }),
    ...(spec.lifecycle?.preStop === undefined ? {} : { lifecycle: { preStop: { exec: { command: spec.lifecycle.preStop.exec.command } } } }),
    ...(container.isSidecar ? { restartPolicy: "Always" } : {}),
    securityContext: containerSecurityContext(),
    ...(mounts.length === 0 ? {} : { volumeMounts: mounts }),
  };
}
