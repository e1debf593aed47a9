import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CRD_MODELS, catalogPath, crdSchema, VALIDATED_ONLY_MODELS } from "../../scripts/generate-crd-schemas.js";
import { RENDERED_KINDS } from "../../validate/models.js";
import { DEFAULT_SCHEMA_DIRECTORY, SchemaCatalog } from "../../validate/schema.js";

describe("the shipped schemas", () => {
  it("include the Kubernetes 1.28 definitions", () => {
    const definitions = JSON.parse(readFileSync(join(DEFAULT_SCHEMA_DIRECTORY, "_definitions.json"), "utf8")) as { definitions: Record<string, unknown> };
    expect(Object.keys(definitions.definitions)).toContain("io.k8s.api.apps.v1.Deployment");
    expect(Object.keys(definitions.definitions)).toHaveLength(570);
  });

  it("give every kind slipway renders a strict schema", () => {
    const catalog = SchemaCatalog.load();
    for (const [apiVersion, kind] of RENDERED_KINDS) expect(catalog.validatorFor(apiVersion, kind), `${apiVersion} ${kind}`).toBeDefined();
  });

  it("generate a custom resource schema for each custom kind with a model", () => {
    const catalog = SchemaCatalog.load();
    const custom = RENDERED_KINDS.filter(([apiVersion, kind]) => !catalog.isKubernetesKind(apiVersion, kind)).map(([apiVersion, kind]) => `${apiVersion}/${kind}`);
    expect(CRD_MODELS.map(([, apiVersion, kind]) => `${apiVersion}/${kind}`).sort()).toEqual(custom.sort());
    for (const [, apiVersion, kind] of [...CRD_MODELS, ...VALIDATED_ONLY_MODELS]) expect(existsSync(join(DEFAULT_SCHEMA_DIRECTORY, catalogPath(apiVersion, kind))), `${apiVersion} ${kind}`).toBe(true);
    expect(VALIDATED_ONLY_MODELS.map(([, apiVersion, kind]) => `${apiVersion}/${kind}`)).toContain("networking.istio.io/v1alpha3/VirtualService");
  });

  it("are current (regenerating one gives the committed bytes; run `npm run imports` if not)", () => {
    const [module, apiVersion, kind] = CRD_MODELS.find(([, , candidate]) => candidate === "PeerAuthentication")!;
    expect(readFileSync(join(DEFAULT_SCHEMA_DIRECTORY, catalogPath(apiVersion, kind)), "utf8")).toBe(crdSchema(module, kind));
  });
});
