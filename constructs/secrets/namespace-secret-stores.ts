// Per namespace, for each secret store its services read: a SecretStore (External Secrets, Vault
// provider, Kubernetes auth) and the ServiceAccount it authenticates as. Only External Secrets'
// controller talks to Vault; no workload gets egress to it.
import type { ISecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore";
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import { secretStoreOf, secretStoreServiceAccount } from "../../spec/environment-settings.js";
import type { EnvironmentSpec } from "../../spec/index.js";
import { servicesIn } from "../../spec/workload.js";
import { objectLabels, platformIdentity } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { readsSecretStore } from "../../spec/secret-references.js";

export interface NamespaceSecretStoresProps {
  readonly environment: EnvironmentSpec;
  /** Key of the namespace in `environment.namespaces`. */
  readonly namespaceKey: string;
}

export class NamespaceSecretStores extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceSecretStoresProps) {
    super(scope, id);
    const { environment, namespaceKey } = props;
    const namespace = environment.namespaces[namespaceKey]!.name;
    const labels = objectLabels(platformIdentity(environment, "secrets"), environment);
    const stores = new Set(
      servicesIn(namespaceKey, environment).flatMap(([name, service]) => (readsSecretStore(name, service) ? [secretStoreOf(service, environment)!] : [])),
    );
    for (const store of [...stores].sort()) {
      const { vault } = environment.secretStores[store]!;
      const serviceAccount = secretStoreServiceAccount(environment, store);
      coreObject(this, `${store}-service-account`, k8s.KubeServiceAccount, {
        metadata: { name: serviceAccount, namespace, labels },
        automountServiceAccountToken: false,
      });
      modelObject<ISecretStore>(this, store, {
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: { name: store, namespace, labels },
        spec: {
          provider: {
            vault: {
              server: vault.server,
              path: vault.path,
              version: vault.version,
              ...(vault.namespace === undefined ? {} : { namespace: vault.namespace }),
              auth: { kubernetes: { mountPath: vault.auth.mountPath, role: vault.auth.role, serviceAccountRef: { name: serviceAccount } } },
            },
          },
        },
      });
    }
  }
}
