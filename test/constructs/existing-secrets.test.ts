// Secrets that already exist in the namespace (Sealed Secrets, an operator, by hand): read by
// reference, wired like store secrets, never rendered, and part of the rollout checksum.
import { describe, expect, it } from "vitest";
import { SECRET_REFERENCES_ANNOTATION } from "../../constructs/secrets/secret-wiring.js";
import type { KubeObject } from "../../constructs/synth.js";
import { baseConfig, findObject, renderInline, specErrors, type TestConfig } from "../support/inline.js";

type Json = Record<string, any>;

const existing = [
  { name: "db-password", existingSecret: "postgres-credentials", key: "password", env: "DB_PASSWORD" },
  { name: "ca.crt", existingSecret: "internal-ca", key: "tls.crt", mountPath: "/etc/ssl/internal" },
];

function platform(secrets: unknown[] = existing, environment: Record<string, unknown> = {}): TestConfig {
  const config = baseConfig({}, { namespaces: { shop: {} }, ...environment } as never);
  (config.services as Json).web = { ...(config.services as Json).web, secrets };
  return config;
}

const pod = (objects: readonly KubeObject[]) => (findObject(objects, "Deployment", "web").spec as Json).template;

describe("a reference to an existing Secret", () => {
  const objects = renderInline(platform(), "dev");

  it("is wired by secretKeyRef and a read-only volume of exactly its key", () => {
    const container = pod(objects).spec.containers[0];
    expect(container.env).toContainEqual({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "postgres-credentials", key: "password" } } });
    expect(pod(objects).spec.volumes).toContainEqual({ name: "secret-etc-ssl-internal", secret: { secretName: "internal-ca", defaultMode: 0o440, items: [{ key: "tls.crt", path: "ca.crt" }] } });
    expect(container.volumeMounts).toContainEqual({ name: "secret-etc-ssl-internal", mountPath: "/etc/ssl/internal", readOnly: true });
  });

  it("renders no Secret, ExternalSecret or SecretStore, and needs no store", () => {
    expect(objects.filter((object) => ["Secret", "ExternalSecret", "SecretStore"].includes(object.kind))).toEqual([]);
  });

  it("is in the rollout checksum: another key or Secret rolls the pods", () => {
    const checksum = (secrets: unknown[]) => pod(renderInline(platform(secrets), "dev")).metadata.annotations[SECRET_REFERENCES_ANNOTATION];
    expect(checksum(existing)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum([{ ...existing[0], key: "password-v2" }, existing[1]])).not.toBe(checksum(existing));
    expect(checksum([{ ...existing[0], existingSecret: "postgres-credentials-v2" }, existing[1]])).not.toBe(checksum(existing));
  });

  it("beside store references: the ExternalSecret maps only the store's, and Reloader watches both Secrets", () => {
    const store = { secretStores: { vault: { vault: { server: "https://vault.example.com:8200", auth: { role: "shop" } } } }, secretRotation: "reloader" };
    const mixed = renderInline(platform([...existing, { name: "api-key", key: "web/api", property: "key", env: "API_KEY" }], store), "dev");
    expect((findObject(mixed, "ExternalSecret", "web").spec as Json).data).toEqual([{ secretKey: "api-key", remoteRef: { key: "web/api", property: "key" } }]);
    expect(findObject(mixed, "Deployment", "web").metadata.annotations).toMatchObject({ "secret.reloader.stakater.com/reload": "web-secrets,internal-ca,postgres-credentials" });
  });

  it.each([
    ["a property", [{ ...existing[0], property: "password" }], "services.web.secrets[0].property: an existing Secret has keys, not properties"],
    ["one directory for two Secrets", [existing[1], { name: "other.crt", existingSecret: "other-ca", key: "tls.crt", mountPath: "/etc/ssl/internal" }], "services.web.secrets[1].mountPath: /etc/ssl/internal already holds values from Secret internal-ca"],
  ])("with %s is an error", (_name, secrets, message) => {
    expect(specErrors(platform(secrets)).join("\n")).toContain(message);
  });
});
