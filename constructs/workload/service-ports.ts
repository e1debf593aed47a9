// The ports of a workload's Services: every port its pod serves to others (internal ones never),
// by name. The client Service maps each Service port to the pod's; the headless Service, which
// peers use to reach one replica, serves each on the pod's own port.
import type { IServicePort } from "kubernetes-models/v1/ServicePort";
import type { ServiceSpec } from "../../spec/index.js";
import { servedPorts } from "../../spec/workload.js";

export function servicePorts(name: string, service: ServiceSpec, options: { readonly headless?: boolean } = {}): IServicePort[] {
  return servedPorts(name, service).map((port) => ({
    name: port.name,
    port: options.headless ? port.containerPort : port.port,
    targetPort: port.name,
    protocol: "TCP",
    appProtocol: port.protocol,
  }));
}
