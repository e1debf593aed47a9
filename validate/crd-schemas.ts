// A CustomResourceDefinition's served versions as strict schemas in slipway's catalog form: each
// version's openAPIV3Schema, descriptions dropped (people read them upstream), apiVersion and kind
// fixed, metadata checked as Kubernetes' ObjectMeta. Used for the CRDs shipped in imports/crds/
// (npm run imports) and for the CRDs found in the manifests `slipway validate` reads.

const OBJECT_META = "kubernetes#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

export interface CrdVersionSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly schema: Record<string, unknown>;
}

interface CrdVersion {
  readonly name?: unknown;
  readonly served?: unknown;
  readonly schema?: { readonly openAPIV3Schema?: unknown };
}

/** The schema of each served version of a CRD that declares one; nothing for anything else. */
export function crdVersionSchemas(document: unknown): CrdVersionSchema[] {
  const crd = document as { kind?: unknown; spec?: { group?: unknown; names?: { kind?: unknown }; versions?: unknown } } | null;
  if (crd?.kind !== "CustomResourceDefinition") return [];
  const group = crd.spec?.group;
  const kind = crd.spec?.names?.kind;
  const versions = crd.spec?.versions;
  if (typeof group !== "string" || typeof kind !== "string" || !Array.isArray(versions)) return [];
  return (versions as CrdVersion[]).flatMap((version) => {
    const openAPIV3Schema = version?.schema?.openAPIV3Schema;
    if (version?.served !== true || typeof version.name !== "string" || typeof openAPIV3Schema !== "object" || openAPIV3Schema === null) return [];
    return [{ apiVersion: `${group}/${version.name}`, kind, schema: crdSchema(group, version.name, kind, openAPIV3Schema as Record<string, unknown>) }];
  });
}

function crdSchema(group: string, version: string, kind: string, openAPIV3Schema: Record<string, unknown>): Record<string, unknown> {
  const schema = withoutDescriptions(openAPIV3Schema) as Record<string, unknown> & { properties?: Record<string, unknown> };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: { const: `${group}/${version}`, type: "string" },
      kind: { const: kind, type: "string" },
      metadata: { $ref: OBJECT_META },
    },
    required: [...new Set(["apiVersion", "kind", "metadata", ...((schema.required as string[] | undefined) ?? [])])],
  };
}

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "description")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, inner]) => [key, key === "properties" ? Object.fromEntries(Object.entries(inner as object).map(([name, schema]) => [name, withoutDescriptions(schema)])) : withoutDescriptions(inner)]),
  );
}
