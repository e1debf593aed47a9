// Services that run in the cluster but are not rendered here (a tracing collector, Alertmanager, an
// operator's Redis, Vault's agent injector): where they are, so that callers get exact rules.
import { z } from "zod";
import { dnsLabel, labels, portName, portNumber } from "../formats.js";

export const ClusterServicePortSchema = z
  .strictObject({
    name: portName.describe("Port name; a dependency's `ports` names it."),
    port: portNumber.describe("Port of the Kubernetes Service (what callers dial)."),
    containerPort: portNumber.optional().describe("Port its pods listen on, which NetworkPolicies see. @default the value of `port`."),
    protocol: z.enum(["http", "grpc", "tcp"]).default("http").describe("Application protocol."),
  })
  .transform((port) => ({ ...port, containerPort: port.containerPort ?? port.port }));

export const ClusterServiceSchema = z
  .strictObject({
    namespace: dnsLabel.describe("Namespace it runs in."),
    service: dnsLabel.optional().describe("Name of its Kubernetes Service. @default the key."),
    podLabels: labels
      .refine((value) => Object.keys(value).length > 0, { error: "name at least one label of its pods (e.g. app.kubernetes.io/name: jaeger): an empty selector would admit every pod of the namespace" })
      .describe("Labels of its pods; callers' egress selects exactly these pods."),
    ports: z.array(ClusterServicePortSchema).min(1, { error: "declare the ports callers use" }).describe("Ports callers may use."),
  })
  .meta({ id: "ClusterService", description: "A service in the cluster that slipway does not render; `dependsOn` may name it." });
