// An exposed service reached from outside over TLS: through the Istio ingress gateway (Gateway,
// VirtualService, and a cert-manager Certificate where the gateway reads its secrets) or through
// an Ingress controller (an Ingress that cert-manager's annotation gives a certificate, one per
// host and namespace when services share a host).
import type { ICertificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { ingressOf, serviceHost } from "../../spec/environment-settings.js";
import type { ExposedNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { compareStrings } from "../../spec/order.js";
import { hostTlsSecretName } from "../../spec/shared-hosts.js";
import { serving } from "../../spec/workload.js";
import type { IngressSpec } from "../../spec/schema/environment.js";
import { serviceLabels } from "../labels.js";
import { routePolicy } from "../mesh/traffic-policy.js";
import { coreObject, modelObject } from "../model-object.js";

export interface PublicExposureProps {
  readonly environment: EnvironmentSpec;
  readonly node: ExposedNode;
  /**
   * Every service exposed on its host, when it shares the host (sharedHosts): under Istio the
   * gateway objects are the host's (HostGateway); through an Ingress controller the Ingresses of a
   * namespace share the host's certificate, which the first of them by name asks cert-manager for.
   * @default the host is the service's alone
   */
  readonly hostSharedWith?: readonly ExposedNode[];
}

/** The Istio gateway's servers for a host: HTTPS with its certificate, and HTTP redirecting to it. */
export function gatewayServers(host: string, credentialName: string): NonNullable<IGateway["spec"]>["servers"] {
  return [
    { port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: [host], tls: { mode: "SIMPLE", credentialName } },
    { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: [host], tls: { httpsRedirect: true } },
  ];
}

/** The cert-manager Certificate of a host, in the gateway's namespace where Istio reads its secrets. */
export function gatewayCertificate(host: string, secretName: string, ingress: IngressSpec & { controller: "istio" }, labels: Record<string, string>): ICertificate {
  const issuer = ingress.tls.issuer!;
  return {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: secretName, namespace: ingress.namespace, labels },
    spec: { secretName, dnsNames: [host], issuerRef: { group: "cert-manager.io", kind: issuer.kind, name: issuer.name } },
  };
}

/** Secret holding an exposed host's certificate: named after the namespace too, as Istio keeps them all in the gateway's namespace. */
export function tlsSecretName(node: ExposedNode): string {
  return node.exposure.tlsSecret ?? `${node.namespace}-${node.name}-tls`;
}

function annotationsOf(annotations: Readonly<Record<string, string>>): { annotations?: Record<string, string> } {
  return Object.keys(annotations).length === 0 ? {} : { annotations: { ...annotations } };
}

export class PublicExposure extends Construct {
  constructor(scope: Construct, id: string, props: PublicExposureProps) {
    super(scope, id);
    const { environment, node } = props;
    const ingress = ingressOf(environment);
    if (ingress.controller === "ingress") this.ingressResource(environment, node, ingress, props.hostSharedWith);
    else if (props.hostSharedWith === undefined) this.istioGateway(environment, node, ingress);
  }

  private istioGateway(environment: EnvironmentSpec, node: ExposedNode, ingress: IngressSpec & { controller: "istio" }): void {
    const { name, namespace, exposure } = node;
    const labels = serviceLabels(name, environment);
    const secretName = tlsSecretName(node);
    if (exposure.tlsSecret === undefined) modelObject<ICertificate>(this, "certificate", gatewayCertificate(exposure.host, secretName, ingress, labels));
    modelObject<IGateway>(this, "gateway", {
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name, namespace, labels },
      spec: { selector: { ...ingress.podLabels }, servers: gatewayServers(exposure.host, secretName) },
    });
    const host = serviceHost(name, namespace, environment);
    modelObject<IVirtualService>(this, "virtual-service", {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      metadata: { name: `${name}-public`, namespace, labels, ...annotationsOf(exposure.annotations) },
      spec: {
        hosts: [exposure.host],
        gateways: [name],
        http: [
          {
            name: "public",
            match: [{ uri: { prefix: exposure.path } }],
            route: [{ destination: { host, port: { number: exposure.port.port } } }],
            ...routePolicy(serving(environment.services[name]!)!.traffic),
          },
        ],
      },
    });
  }

  private ingressResource(environment: EnvironmentSpec, node: ExposedNode, ingress: IngressSpec & { controller: "ingress" }, hostSharedWith: readonly ExposedNode[] | undefined): void {
    const { name, namespace, exposure } = node;
    const certificate = ingressCertificate(node, hostSharedWith);
    const issuer = exposure.tlsSecret === undefined && certificate.issuedHere ? ingress.tls.issuer : undefined;
    coreObject(this, "ingress", k8s.KubeIngress, {
      metadata: {
        name,
        namespace,
        labels: serviceLabels(name, environment),
        ...annotationsOf({ ...exposure.annotations, ...(issuer ? { [issuer.kind === "ClusterIssuer" ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer"]: issuer.name } : {}) }),
      },
      spec: {
        ingressClassName: ingress.className,
        tls: [{ hosts: [exposure.host], secretName: certificate.secretName }],
        rules: [
          {
            host: exposure.host,
            http: { paths: [{ path: exposure.path, pathType: "Prefix", backend: { service: { name, port: { name: exposure.port.name } } } }] },
          },
        ],
      },
    });
  }
}

/**
 * The TLS secret of a service's Ingress, and whether its Ingress asks cert-manager for it. A host
 * shared in a namespace has one secret, issued through the first Ingress by name: cert-manager's
 * ingress-shim names the Certificate after the secret, so two Ingresses asking would fight over it.
 */
function ingressCertificate(node: ExposedNode, hostSharedWith: readonly ExposedNode[] | undefined): { secretName: string; issuedHere: boolean } {
  const neighbours = (hostSharedWith ?? []).filter((other) => other.namespace === node.namespace);
  if (neighbours.length < 2) return { secretName: tlsSecretName(node), issuedHere: true };
  const first = [...neighbours].sort((a, b) => compareStrings(a.name, b.name))[0]!;
  return { secretName: hostTlsSecretName(node.namespace, node.exposure.host, neighbours), issuedHere: first.name === node.name };
}
