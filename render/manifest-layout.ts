// The single-manifest layout (platform.output: manifest): each environment's objects in one
// manifest.yaml, as Argo CD's source hydrator writes an environment, instead of one file per object
// and a kustomization. A namespace the environment renders into without owning it keeps its own
// <namespace>/manifest.yaml, the folder its own Application reads (constructs/gitops/rendered-output.ts).
import { outputParts } from "../constructs/gitops/rendered-output.js";
import type { KubeObject } from "../constructs/synth.js";
import { compareStrings } from "../spec/order.js";
import { type FileSink, GENERATED_HEADER, MANIFEST_FILE, objectPath } from "./layout.js";

/**
 * One manifest per part of the environment's output, its objects' documents in path order.
 * @param inventory every object of the environment (its identity is enough)
 * @param objectFiles each object's document, by objectPath
 */
export function emitManifests(inventory: readonly KubeObject[], objectFiles: ReadonlyMap<string, string>, sink: FileSink): void {
  for (const part of outputParts(inventory)) {
    const paths = part.objects.map((object) => objectPath(object)).sort(compareStrings);
    for (let position = 1; position < paths.length; position++) {
      if (paths[position] === paths[position - 1]) throw new Error(`two rendered objects map to ${paths[position]}; object names must be unique per kind and namespace`);
    }
    sink(part.namespace === undefined ? MANIFEST_FILE : `${part.namespace}/${MANIFEST_FILE}`, GENERATED_HEADER + paths.map((path) => objectFiles.get(path)!).join("---\n"));
  }
}
