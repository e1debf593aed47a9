// Under `npx cdk8s synth` (cdk8s.yaml), cdk8s-cli deletes its output directory before it starts the
// app, fails unless the app creates it again, and prints "No manifests synthesized" unless a
// *.k8s.yaml is in it. slipway writes dist/ itself (atomically, so a failed render cannot erase it);
// the output directory gets one file that says where the manifests went, and holds no object.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const CDK8S_POINTER_FILE = "slipway.k8s.yaml";

/** Writes <cdk8sOutdir>/slipway.k8s.yaml: a YAML file of comments naming each rendered directory. */
export async function writeCdk8sPointer(cdk8sOutdir: string, directories: readonly string[]): Promise<void> {
  await mkdir(cdk8sOutdir, { recursive: true });
  const lines = ["# slipway renders one file per object, with a kustomization.yaml, to:", ...directories.map((directory) => `#   ${directory}/`), "# This file holds no object: apply those directories (kubectl apply -k <dir>) or sync them with Argo CD."];
  await writeFile(join(cdk8sOutdir, CDK8S_POINTER_FILE), `${lines.join("\n")}\n`);
}
