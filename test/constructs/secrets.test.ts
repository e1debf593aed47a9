import { describe, expect, it } from "vitest";
import { SECRET_REFERENCES_ANNOTATION } from "../../constructs/secrets/secret-wiring.js";
import type { KubeObject } from "../../constructs/synth.js";
import { networkAllowSet, objectNamed } from "../support/allow-sets.js";
import { baseConfig, health, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;
const spec = (object: KubeObject) => object.spec as Json;

const vault = { vault: { server: "https://vault.example.com:8200", path: "shop-dev", auth: { role: "shop" } } };
const secrets = [
  { name: "db-password", key: "api/database", property: "password", env: "DB_PASSWORD" },
  { name: "signing-key", key: "api/signing", mountPath: "/var/run/secrets/signing" },
  { name: "signing-cert", key: "api/signing-cert", mountPath: "/var/run/secrets/signing" },
];
const api = { namespace: "shop", image: { repository: "api", tag: "1.0.0" }, ports: [{ name: "http", port: 8080 }], probes: health, replicas: 2, secrets };

function config(service: object = {}, environment: object = {}): TestConfig {
  return baseConfig({ api: { ...api, ...service } }, { namespaces: { shop: {}, other: {} }, secretStores: { vault }, ...environment });
}
const withNamespace = (config: TestConfig) => {
  (config.services.web as Json).namespace = "other";
  return config;
};
const render = (service: object = {}, environment: object = {}) => renderInline(withNamespace(config(service, environment)));

describe("ExternalSecret", () => {
  it("maps exactly the declared references to the store, owning the Secret it creates", () => {
    expect(spec(objectNamed(render(), "ExternalSecret", "api"))).toEqual({
      refreshInterval: "1h",
      secretStoreRef: { kind: "SecretStore", name: "vault" },
      target: { name: "api-secrets", creationPolicy: "Owner" },
      data: [
        { secretKey: "db-password", remoteRef: { key: "api/database", property: "password" } },
        { secretKey: "signing-key", remoteRef: { key: "api/signing" } },
        { secretKey: "signing-cert", remoteRef: { key: "api/signing-cert" } },
      ],
    });
  });

  it("includes the extra containers' references and the service's refresh interval", () => {
    const objects = render({ secretRefreshInterval: "15m", containers: { shipper: { image: { repository: "s", tag: "1" }, secrets: [{ name: "shipper-token", key: "shipper/api", env: "SHIPPER_KEY" }] } } });
    const external = spec(objectNamed(objects, "ExternalSecret", "api"));
    expect(external.refreshInterval).toBe("15m");
    expect(external.data.map((entry: Json) => entry.secretKey)).toEqual(["db-password", "signing-key", "signing-cert", "shipper-token"]);
  });

  it("is rendered only for services that read secrets, and no Secret is ever rendered", () => {
    const objects = render();
    expect(objects.filter((object) => object.kind === "ExternalSecret").map((object) => object.metadata.name)).toEqual(["api"]);
    expect(objects.some((object) => object.kind === "Secret")).toBe(false);
  });
});

describe("SecretStore", () => {
  it("is rendered with its ServiceAccount only in namespaces whose services read secrets", () => {
    const objects = render();
    const stores = objects.filter((object) => object.kind === "SecretStore");
    expect(stores.map((object) => `${object.metadata.namespace}/${object.metadata.name}`)).toEqual(["shop/vault"]);
    expect(spec(stores[0]!)).toEqual({
      provider: {
        vault: {
          server: "https://vault.example.com:8200",
          path: "shop-dev",
          version: "v2",
          auth: { kubernetes: { mountPath: "kubernetes", role: "shop", serviceAccountRef: { name: "vault-secret-store" } } },
        },
      },
    });
    expect(objectNamed(objects, "ServiceAccount", "vault-secret-store", "shop")).toMatchObject({ automountServiceAccountToken: false });
  });

  it("takes the Vault namespace, KV version and ServiceAccount from the environment", () => {
    const store = { vault: { ...vault.vault, version: "v1", namespace: "team-a", auth: { mountPath: "k8s-prod", role: "shop" } }, serviceAccount: "eso-vault" };
    const objects = render({}, { secretStores: { vault: store } });
    expect(spec(objectNamed(objects, "SecretStore", "vault")).provider.vault).toMatchObject({ version: "v1", namespace: "team-a", auth: { kubernetes: { mountPath: "k8s-prod", serviceAccountRef: { name: "eso-vault" } } } });
  });

  it("opens no egress to Vault for workloads: only External Secrets' controller talks to it", () => {
    const withSecrets = networkAllowSet(objectNamed(render(), "NetworkPolicy", "api"), "egress");
    const without = networkAllowSet(objectNamed(render({ secrets: [] }), "NetworkPolicy", "api"), "egress");
    expect(withSecrets).toEqual(without);
    expect(JSON.stringify(render().filter((object) => object.kind === "NetworkPolicy"))).not.toContain("8200");
  });
});

describe("the Deployment", () => {
  const pod = (objects: KubeObject[]) => spec(objectNamed(objects, "Deployment", "api")).template;

  it("reads env values by secretKeyRef and files from a read-only volume of exactly the mounted keys", () => {
    const template = pod(render());
    const [container] = template.spec.containers;
    expect(container.env).toEqual([{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "api-secrets", key: "db-password" } } }]);
    expect(container.volumeMounts).toEqual([{ name: "secret-var-run-secrets-signing", mountPath: "/var/run/secrets/signing", readOnly: true }]);
    expect(template.spec.volumes).toEqual([
      {
        name: "secret-var-run-secrets-signing",
        secret: { secretName: "api-secrets", defaultMode: 0o440, items: [{ key: "signing-key", path: "signing-key" }, { key: "signing-cert", path: "signing-cert" }] },
      },
    ]);
  });

  it("carries a checksum of the references, which changes with the mapping and not otherwise", () => {
    const checksum = (service: object = {}, environment: object = {}) => pod(render(service, environment)).metadata.annotations[SECRET_REFERENCES_ANNOTATION];
    expect(checksum()).toMatch(/^[a-f0-9]{64}$/);
    expect(checksum({ replicas: 3, env: { LOG_LEVEL: "debug" } })).toBe(checksum());
    expect(checksum({ secrets: [{ ...secrets[0], property: "pass" }, ...secrets.slice(1)] })).not.toBe(checksum());
    expect(checksum({ secretRefreshInterval: "5m" })).not.toBe(checksum());
    expect(pod(render({ secrets: [] })).metadata.annotations).not.toHaveProperty(SECRET_REFERENCES_ANNOTATION);
  });

  it("asks Stakater Reloader to roll the pods on new values only when the environment says so", () => {
    expect(objectNamed(render(), "Deployment", "api").metadata.annotations).toBeUndefined();
    expect(objectNamed(render({}, { secretRotation: "reloader" }), "Deployment", "api").metadata.annotations).toEqual({ "secret.reloader.stakater.com/reload": "api-secrets" });
  });
});

describe("secret rules", () => {
  it.each([
    ["DB_PASSWORD", "hunter2", "DB_PASSWORD names a secret and has a literal value"],
    ["DATABASE_URL", "postgres://app:hunter2@db:5432/app", "its value looks like a URL with a password in it"],
    ["SESSION", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "its value looks like a JSON Web Token"],
  ])("reject a secret-looking literal in env (%s), pointing at secrets", (name, value, reason) => {
    const errors = specErrors(config({ env: { [name]: value } })).join("\n");
    expect(errors).toContain(`services.api.env.${name}: ${reason}; secret values never go in env or Git: reference the value in secrets instead`);
  });

  it("reject references nobody reads, duplicate names and variables with two sources", () => {
    const errors = specErrors(
      config({
        env: { DB_HOST: "db" },
        secrets: [
          { name: "db-password", key: "api/database" },
          { name: "db-password", key: "api/other", env: "OTHER" },
          { name: "host", key: "api/database", env: "DB_HOST" },
        ],
      }),
    ).join("\n");
    expect(errors).toContain("services.api.secrets[0]: a secret nobody reads: set env (a variable name) and/or mountPath (a directory)");
    expect(errors).toContain('services.api.secrets[1].name: "db-password" is already used by api/main secrets[0]');
    expect(errors).toContain("services.api.secrets[2].env: DB_HOST is already set in env; a variable has one source");
  });

  it("keep the store's ServiceAccount apart from the services' own", () => {
    const clash = config();
    clash.services["vault-secret-store"] = { namespace: "shop", image: { repository: "x", tag: "1" } };
    expect(specErrors(clash).join("\n")).toContain('secretStores.vault.serviceAccount: the store\'s ServiceAccount "vault-secret-store" would be the ServiceAccount of service vault-secret-store too');
  });

  it("require a secret store, and an https Vault", () => {
    expect(specErrors(config({}, { secretStores: {} })).join("\n")).toContain("services.api.secretStore: the service reads secrets but the environment declares no secretStores");
    expect(specErrors(config({}, { secretStores: { a: vault, b: vault } })).join("\n")).toContain("services.api.secretStore: required: the environment has several secret stores (a, b) and no defaultSecretStore");
    expect(specErrors(config({ secretStore: "kms" })).join("\n")).toContain('services.api.secretStore: no secret store "kms" in this environment');
    expect(specErrors(config({}, { secretStores: { vault: { vault: { ...vault.vault, server: "http://vault:8200" } } } })).join("\n")).toContain(
      "secretStores.vault.vault.server: the Vault server must be an https:// URL",
    );
  });
});
