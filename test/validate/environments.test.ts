// What an environment is for `slipway validate` on plain directories (no kustomization.yaml): the
// files of one argument, checked together — unless sibling subdirectories declare the same object,
// as per-environment copies do; then each subdirectory is its own environment.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { temporaryDirectory } from "../support/files.js";

// A Deployment, its Service and its ServiceAccount, consistent with each other.
const [deployment, service, account] = (await readFile("test/fixtures/cross-object/service-selector/consistent.yaml", "utf8")).split("\n---\n") as [string, string, string];
const app = [deployment, service, account].join("\n---\n");

async function tree(files: Record<string, string>): Promise<string> {
  const directory = await temporaryDirectory();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(directory, path, ".."), { recursive: true });
    await writeFile(join(directory, path), text);
  }
  return directory;
}

describe("plain directories", () => {
  it("that hold copies of one object per environment are separate environments", async () => {
    const directory = await tree({ "dev/app.yaml": app, "staging/app.yaml": app, "prod/app.yaml": app });
    const result = await validateManifests({ paths: [directory], profile: "restricted" });
    expect(result.environments).toBe(3);
    expect(result.objects).toBe(9);
    expect(result.findings).toEqual([]);
  });

  it("split by kind are one environment, so their objects resolve each other", async () => {
    const directory = await tree({ "deployments/web.yaml": deployment, "services/web.yaml": service, "accounts/web.yaml": account });
    const result = await validateManifests({ paths: [directory], profile: "restricted" });
    expect(result.environments).toBe(1);
    // Apart, the Service would select no pod and the Deployment name a missing ServiceAccount (unresolved warnings).
    expect(result.findings).toEqual([]);
  });

  it("still report a duplicate within one directory", async () => {
    const directory = await tree({ "dev/app.yaml": app, "dev/copy.yaml": deployment });
    const result = await validateManifests({ paths: [directory], profile: "restricted" });
    expect(result.environments).toBe(1);
    expect(result.findings.map(({ rule }) => rule)).toEqual(["xo/duplicate-object"]);
  });
});
