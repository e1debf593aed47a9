// npm run imports (second step): strict JSON Schemas for the custom resources of upstream CRDs
// copied unchanged into imports/crds/ (CloudNativePG, Velero), in kubeconform's catalog layout
// beside the ones generated from @kubernetes-models types (validate/crd-schemas.ts); the catalog
// closes every object schema that lists properties.
import { readdir, readFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as yaml from "js-yaml";
import { crdVersionSchemas } from "../validate/crd-schemas.js";
import { catalogPath } from "./generate-crd-schemas.js";

const CRDS = "imports/crds";
const SCHEMAS = "imports/schemas";

async function main(): Promise<void> {
  const written: string[] = [];
  for (const project of (await readdir(CRDS, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    for (const file of (await readdir(join(CRDS, project))).filter((name) => name.endsWith(".yaml")).sort()) {
      for (const document of yaml.loadAll(await readFile(join(CRDS, project, file), "utf8"))) {
        for (const { apiVersion, kind, schema } of crdVersionSchemas(document)) {
          const path = join(SCHEMAS, catalogPath(apiVersion, kind));
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, `${JSON.stringify(schema)}\n`);
          written.push(path);
        }
      }
    }
  }
  console.log(written.join("\n"));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
