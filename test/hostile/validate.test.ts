// Hostile and malformed manifests given to `slipway validate`: bounded work, a finding naming the
// file, and no JavaScript property mistaken for a label or a field. (Fixtures that trigger exactly
// one rule, input/limit and input/encoding among them, are in test/fixtures/bad-manifests.)
import { readFileSync } from "node:fs";
import { truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { INPUT_LIMITS } from "../../spec/input-limits.js";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";

const BAD = "test/fixtures/bad-manifests";
const PDB_PAIR = "test/fixtures/cross-object/pdb-selects/consistent.yaml";

async function manifest(name: string, text: string): Promise<string> {
  const file = join(await temporaryDirectory(), name);
  await writeFile(file, text);
  return file;
}

describe("slipway validate on hostile manifests", () => {
  it("reports a document of nested aliases as input/limit with exit 1, having expanded at most the limit", async () => {
    const run = await runCli("validate", join(BAD, "input-limit-aliases.yaml"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("input-limit-aliases.yaml: -: [input/limit] document 1 holds more than 1,000,000 values with YAML aliases expanded");
  });

  it("reports a value over the value limit (a 2 MiB annotation) as input/limit at its path", async () => {
    const file = await manifest("big.yaml", JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big", namespace: "shop", annotations: { note: "x".repeat(2 * 1024 * 1024) } } }));
    const { findings } = await validateManifests({ paths: [file], profile: "restricted" });
    expect(findings).toEqual([expect.objectContaining({ file: "big.yaml", rule: "input/limit", path: "metadata.annotations.note", message: expect.stringContaining("is a value of 2 MiB; a value may hold at most 1 MiB") })]);
  });

  it("reports a file over the file-size limit without reading it", async () => {
    const file = await manifest("huge.yaml", "");
    await truncate(file, INPUT_LIMITS.fileBytes + 1);
    const { findings } = await validateManifests({ paths: [file], profile: "restricted" });
    expect(findings).toEqual([expect.objectContaining({ file: "huge.yaml", rule: "input/limit", message: expect.stringContaining("an input file may hold at most 32 MiB") })]);
  });

  it("reports a file that is not UTF-8 with the offset of the first bad byte", async () => {
    const { findings } = await validateManifests({ paths: [join(BAD, "input-encoding.yaml")], profile: "restricted" });
    expect(findings).toEqual([expect.objectContaining({ rule: "input/encoding", message: expect.stringContaining("byte 0xE9 at offset 95 (line 6)") })]);
  });

  it("never takes a label or field named like an inherited JavaScript property for a real one", async () => {
    // A PodDisruptionBudget selecting pods that carry a "constructor" label selects none here: every
    // plain object inherits a constructor, and the selector used to match every pod through it.
    const pair = readFileSync(PDB_PAIR, "utf8").replace(/ {4}matchLabels:\n {6}app: web\n(?![\s\S]*matchLabels)/, "    matchExpressions:\n      - { key: constructor, operator: Exists }\n");
    expect(pair).toContain("key: constructor");
    const selecting = await validateManifests({ paths: [await manifest("pdb.yaml", pair)], profile: "restricted" });
    expect(selecting.findings.map(({ rule }) => rule)).toEqual(["xo/pdb-selects"]);

    const virtualService = { apiVersion: "networking.istio.io/v1", kind: "VirtualService", metadata: { name: "web", namespace: "shop" }, spec: { hosts: ["web"], constructor: "x" } };
    const unknown = await validateManifests({ paths: [await manifest("vs.yaml", yaml.dump(virtualService))], profile: "restricted" });
    expect(unknown.findings.map(({ rule, path }) => `${rule} ${path}`)).toEqual(["schema/unknown-field spec.constructor"]);
  });
});
