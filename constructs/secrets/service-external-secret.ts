// Per service that reads secrets from the store: one ExternalSecret mapping each store reference to its path
// and property in the store. External Secrets writes (and owns) the resulting Secret; no value is
// ever rendered.
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret";
import { Construct } from "constructs";
import { secretStoreOf } from "../../spec/environment-settings.js";
import type { ServiceNode } from "../../spec/graph.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { isStoreReference, secretReferences } from "../../spec/secret-references.js";
import { serviceLabels } from "../labels.js";
import { modelObject } from "../model-object.js";
import { secretTargetName } from "./secret-wiring.js";

export interface ServiceExternalSecretProps {
  readonly environment: EnvironmentSpec;
  readonly node: ServiceNode;
}

export class ServiceExternalSecret extends Construct {
  constructor(scope: Construct, id: string, props: ServiceExternalSecretProps) {
    super(scope, id);
    const { environment, node } = props;
    const service = environment.services[node.name]!;
    const references = secretReferences(node.name, service).filter(isStoreReference);
    modelObject<IExternalSecret>(this, "external-secret", {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: node.name, namespace: node.namespace, labels: serviceLabels(node.name, environment) },
      spec: {
        refreshInterval: service.secretRefreshInterval,
        secretStoreRef: { kind: "SecretStore", name: secretStoreOf(service, environment)! },
        target: { name: secretTargetName(node.name), creationPolicy: "Owner" },
        data: references.map((reference) => ({
          secretKey: reference.name,
          remoteRef: { key: reference.key, ...(reference.property === undefined ? {} : { property: reference.property }) },
        })),
      },
    });
  }
}
