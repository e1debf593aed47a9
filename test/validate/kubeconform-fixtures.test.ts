// kubeconform's own fixtures, with the outcomes its acceptance tests expect (acceptance.bats beside
// them): `slipway validate --rules schema` does kubeconform -strict's job. Where kubeconform has an
// option (-skip, -ignore-missing-schemas, -ignore-filename-pattern) slipway's equivalent is used.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const FIXTURES = "test/fixtures/realworld/kubeconform";
const at = (file: string) => join(FIXTURES, file);

interface Report {
  readonly findings: { readonly rule: string; readonly path: string; readonly message: string }[];
  readonly notices: string[];
  readonly summary: { readonly objects: number };
}

async function validate(...args: string[]): Promise<{ code: number; report: Report }> {
  const run = await runCli("validate", "--rules", "schema", "--format", "json", ...args);
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

describe("kubeconform's fixtures", () => {
  it.each([
    ["valid.yaml", 1],
    ["folder", 7],
    ["int_or_string.yaml", 1],
    ["valid.json", 1],
    ["generate_name.yaml", 1],
    ["quantity.yaml", 1],
    ["null_string.yaml", 1],
    ["null_array.yaml", 1],
    ["multi_valid.yaml", 6],
    ["blank.yaml", 0],
    ["comment.yaml", 0],
    ["list_valid.yaml", 6],
    ["list_empty_valid.yaml", 0],
    ["multi_with_list.yaml", 2],
    ["unconventional_keys.yaml", 1],
    ["full_domain_group.yaml", 1],
  ] as const)("%s is valid (%i objects)", async (file, objects) => {
    const { code, report } = await validate(at(file));
    expect(report.findings).toEqual([]);
    expect(report.summary.objects).toBe(objects);
    expect(code).toBe(0);
  });

  it.each([
    ["invalid.yaml", "schema/invalid-field"],
    ["multi_invalid.yaml", "schema/invalid-field"],
    ["extra_property.yaml", "schema/unknown-field"],
    ["duplicate_property.yaml", "input/yaml"],
    ["test_crd.yaml", "schema/unknown-kind"],
    ["missing_kind.yaml", "input/not-a-manifest"],
    ["missing_apiversion.yaml", "input/not-a-manifest"],
    ["missing_kind_value.yaml", "input/not-a-manifest"],
  ] as const)("%s is invalid: %s", async (file, rule) => {
    const { code, report } = await validate(at(file));
    expect(report.findings.map((finding) => finding.rule)).toContain(rule);
    expect(code).toBe(1);
  });

  it("says which of apiVersion and kind a document lacks", async () => {
    expect((await validate(at("missing_apiversion.yaml"))).report.findings[0]!.message).toBe("document 1 is not a Kubernetes object: it has no apiVersion");
    expect((await validate(at("missing_kind_value.yaml"))).report.findings[0]!.message).toBe("document 1 is not a Kubernetes object: it has no apiVersion, no kind, no metadata.name");
  });

  it("reports the invalid item of a List at its field", async () => {
    const { code, report } = await validate(at("list_invalid.yaml"));
    expect(report.summary.objects).toBe(2);
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: "schema/invalid-field", path: "spec.replicas" }));
    expect(code).toBe(1);
  });

  it("passes a custom resource without a schema with --ignore-missing-schemas, with a notice", async () => {
    const { code, report } = await validate(at("test_crd.yaml"), "--ignore-missing-schemas");
    expect(report.findings).toEqual([]);
    expect(report.notices).toEqual([expect.stringMatching(/^no schema for \S+ \S+: 1 object not checked against a schema/)]);
    expect(code).toBe(0);
  });

  it.each([
    ["ReplicationController", 0],
    ["v1/ReplicationController", 0],
    ["v2/ReplicationController", 1],
  ] as const)("skips kinds: --skip-kinds %s leaves %i objects validated", async (kind, objects) => {
    const { code, report } = await validate(at("valid.yaml"), "--skip-kinds", kind);
    expect(report.summary.objects).toBe(objects);
    expect(code).toBe(0);
  });

  it("ignores the files --ignore-path matches", async () => {
    const files = ["multi_invalid.yaml", "list_invalid.yaml", "quantity.yaml", "crd_schema.yaml"].map(at);
    const { code, report } = await validate(...files, "--ignore-path", "**/*crd*", "--ignore-path", "**/*invalid*");
    expect(report.summary.objects).toBe(1);
    expect(code).toBe(0);
  });

  it("exits 2 for a path that does not exist", async () => {
    expect((await runCli("validate", at("not-here"))).code).toBe(2);
  });
});
