// A spec probe as a Kubernetes probe: a command, or aimed at the declared port it resolves to.
import { k8s } from "cdk8s-plus-28";
import type { ServiceSpec } from "../../spec/index.js";
import { probeTarget } from "../../spec/workload.js";

type ProbeSpec = NonNullable<ServiceSpec["probes"]["readiness"]>;

export function renderProbe(probe: ProbeSpec, container: Pick<ServiceSpec, "ports">): k8s.Probe {
  const timing = {
    initialDelaySeconds: probe.initialDelaySeconds,
    periodSeconds: probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold,
    successThreshold: probe.successThreshold,
  };
  if (probe.exec) return { exec: { command: probe.exec.command }, ...timing };
  const port = probeTarget(probe, container);
  if (port === undefined) throw new Error("probe port unresolved; the spec rules should have rejected this");
  if (probe.http) return { httpGet: { path: probe.http.path, port: k8s.IntOrString.fromString(port.name) }, ...timing };
  if (probe.grpc) return { grpc: { port: port.containerPort, ...(probe.grpc.service === undefined ? {} : { service: probe.grpc.service }) }, ...timing };
  return { tcpSocket: { port: k8s.IntOrString.fromString(port.name) }, ...timing };
}
