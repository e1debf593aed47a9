// A host several services are exposed on, through the Istio ingress gateway: one Certificate for
// the host, one Gateway whose HTTPS and HTTP servers claim it, and one VirtualService with a route
// per service, longest prefix first, each with its service's timeouts and retries. They live in the
// namespace of the first service by name; routes reach the others by their cluster host names.
import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { Construct } from "constructs";
import { serviceHost } from "../../spec/environment-settings.js";
import type { ExposedNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import type { IngressSpec } from "../../spec/schema/environment.js";
import { compareStrings } from "../../spec/order.js";
import { hostTlsSecretName, routePrefix } from "../../spec/shared-hosts.js";
import { serving } from "../../spec/workload.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { routePolicy } from "../mesh/traffic-policy.js";
import { modelObject } from "../model-object.js";
import { gatewayCertificate, gatewayServers } from "./public-exposure.js";

export interface HostGatewayProps {
  readonly environment: EnvironmentSpec;
  readonly ingress: IngressSpec & { controller: "istio" };
  readonly host: string;
  /** The services exposed on the host, longest prefix first (sharedHosts). */
  readonly nodes: readonly ExposedNode[];
}

export class HostGateway extends Construct {
  constructor(scope: Construct, id: string, props: HostGatewayProps) {
    super(scope, id);
    const { environment, ingress, host, nodes } = props;
    const namespace = [...nodes].sort((a, b) => compareStrings(a.name, b.name))[0]!.namespace;
    const labels = objectLabels(platformIdentity(environment, "exposure"), environment);
    const secretName = hostTlsSecretName(namespace, host, nodes);
    if (nodes.every(({ exposure }) => exposure.tlsSecret === undefined)) modelObject<ICertificate>(this, "certificate", gatewayCertificate(host, secretName, ingress, labels));
    modelObject<IGateway>(this, "gateway", {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: host, namespace, labels },
      spec: { selector: { ...ingress.podLabels }, servers: gatewayServers(host, secretName) },
    });
    const annotations = Object.assign({}, ...nodes.map(({ exposure }) => exposure.annotations)) as Record<string, string>;
    modelObject<IVirtualService>(this, "virtual-service", {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: host, namespace, labels, ...(Object.keys(annotations).length === 0 ? {} : { annotations }) },
      spec: {
        hosts: [host],
        gateways: [host],
        http: nodes.map(({ name, namespace: serviceNamespace, exposure }) => ({
          name,
          match: [{ uri: { prefix: routePrefix(exposure.path) } }],
          route: [{ destination: { host: serviceHost(name, serviceNamespace, environment), port: { number: exposure.port.port } } }],
          ...routePolicy(serving(environment.services[name]!)!.traffic),
        })),
      },
    });
  }
}
