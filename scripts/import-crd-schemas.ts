// npm run imports (second step): strict JSON Schemas for the custom resources of upstream CRDs
// copied unchanged into imports/crds/ (CloudNativePG, Velero), in kubeconform's catalog layout
// beside the ones generated from @kubernetes-models types. Each served version's openAPIV3Schema,
// with descriptions dropped (people read them upstream), apiVersion and kind fixed, and metadata
// checked as Kubernetes' ObjectMeta; the catalog closes every object schema that lists properties.
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as yaml from "js-yaml";
import { catalogPath } from "./generate-crd-schemas.js";

const CRDS = "imports/crds";
const SCHEMAS = "imports/schemas";
const OBJECT_META = "kubernetes#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

interface Crd {
  readonly kind: string;
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema?: { readonly openAPIV3Schema?: Record<string, unknown> } }[];
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

export function crdSchema(group: string, version: string, kind: string, openAPIV3Schema: Record<string, unknown>): Record<string, unknown> {
  const schema = withoutDescriptions(openAPIV3Schema) as Record<string, unknown> & { properties: Record<string, unknown> };
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

async function main(): Promise<void> {
  const written: string[] = [];
  for (const project of (await readdir(CRDS, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    for (const file of (await readdir(join(CRDS, project))).filter((name) => name.endsWith(".yaml")).sort()) {
      for (const document of yaml.loadAll(await readFile(join(CRDS, project, file), "utf8")) as Crd[]) {
        if (document?.kind !== "CustomResourceDefinition") continue;
        const { group, names, versions } = document.spec;
        for (const version of versions.filter((candidate) => candidate.served && candidate.schema?.openAPIV3Schema !== undefined)) {
          const path = join(SCHEMAS, catalogPath(`${group}/${version.name}`, names.kind));
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, `${JSON.stringify(crdSchema(group, version.name, names.kind, version.schema!.openAPIV3Schema!))}\n`);
          written.push(path);
        }
      }
    }
  }
  console.log(written.join("\n"));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
