// Narrowing `slipway validate`: rules and families, severity, kinds, paths, schema layers, CRDs
// from the input, and a repository settings file with exceptions that carry their reason.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";

const BAD = "test/fixtures/bad-manifests";

interface Report {
  readonly findings: { readonly rule: string; readonly severity: string; readonly object: string; readonly path: string }[];
  readonly excepted: { readonly rule: string; readonly reason: string; readonly count: number }[];
}

async function json(...args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const run = await runCli("validate", "--format", "json", ...args);
  return { code: run.code, report: run.stdout === "" ? ({ findings: [], excepted: [] } as Report) : (JSON.parse(run.stdout) as Report), stderr: run.stderr };
}

const rules = (report: Report) => [...new Set(report.findings.map(({ rule }) => rule))].sort();

describe("validate selection", () => {
  it("reports only the rules or families named, and none of those excluded", async () => {
    const all = await json(BAD);
    expect(rules(all.report).some((rule) => rule.startsWith("hygiene/"))).toBe(true);
    const pss = await json(BAD, "--rules", "pss");
    expect(rules(pss.report).every((rule) => rule.startsWith("pss/") || rule.startsWith("input/"))).toBe(true);
    expect(rules(pss.report).some((rule) => rule.startsWith("pss/"))).toBe(true);
    const withoutHygiene = await json(BAD, "--exclude-rules", "hygiene,secrets/env-literal");
    expect(rules(withoutHygiene.report).filter((rule) => rule.startsWith("hygiene/") || rule === "secrets/env-literal")).toEqual([]);
    expect(rules(withoutHygiene.report)).toContain("secrets/token-literal");
  });

  it("always reports input problems, and drops warnings with --severity error", async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, "broken.yaml"), "kind: [unclosed\n");
    expect(rules((await json(directory, "--rules", "pss")).report)).toEqual(["input/yaml"]);
    const warnings = (await json(BAD)).report.findings.filter(({ severity }) => severity === "warning");
    expect(warnings.length).toBeGreaterThan(0);
    expect((await json(BAD, "--severity", "error")).report.findings.filter(({ severity }) => severity === "warning")).toEqual([]);
  });

  it("layers a --schemas directory of custom resource schemas over the shipped set, and uses the input's CRDs", async () => {
    const directory = await temporaryDirectory();
    const widget = (field: string) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\nspec: { ${field}: 3 }\n`;
    await writeFile(join(directory, "widget.yaml"), widget("sizee"));
    expect(rules((await json(join(directory, "widget.yaml"), "--rules", "schema")).report)).toEqual(["schema/unknown-kind"]);
    const schemas = join(directory, "schemas");
    await mkdir(join(schemas, "example.com"), { recursive: true });
    const schema = { type: "object", properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, spec: { type: "object", properties: { size: { type: "integer" } } } } };
    await writeFile(join(schemas, "example.com", "widget_v1.json"), JSON.stringify(schema));
    const layered = await json(join(directory, "widget.yaml"), "--rules", "schema", "--schemas", schemas);
    expect(layered.report.findings).toEqual([expect.objectContaining({ rule: "schema/unknown-field", path: "spec.sizee" })]);
    // Kubernetes kinds still come from the shipped set.
    expect((await json(join(BAD, "schema-unknown-field.yaml"), "--rules", "schema", "--schemas", schemas)).report.findings[0]).toMatchObject({ rule: "schema/unknown-field" });

    const crd = [
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata: { name: widgets.example.com }",
      "spec:",
      "  group: example.com",
      "  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }",
      "  scope: Namespaced",
      "  versions:",
      "    - name: v1",
      "      served: true",
      "      storage: true",
      "      schema:",
      "        openAPIV3Schema:",
      "          type: object",
      "          properties:",
      "            spec: { type: object, properties: { size: { type: integer } } }",
    ].join("\n");
    await writeFile(join(directory, "crd.yaml"), `${crd}\n`);
    const fromCrd = await json(join(directory, "crd.yaml"), join(directory, "widget.yaml"), "--rules", "schema");
    expect(fromCrd.report.findings).toEqual([expect.objectContaining({ rule: "schema/unknown-field", path: "spec.sizee", object: "Widget/shop/w" })]);
    await writeFile(join(directory, "widget.yaml"), widget("size"));
    expect((await json(join(directory, "crd.yaml"), join(directory, "widget.yaml"), "--rules", "schema")).code).toBe(0);
  });
});

describe("files in a directory", () => {
  it("reads .json manifests like YAML, and skips a JSON file that is no manifest with a notice", async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, "package.json"), '{ "name": "charts", "version": "1.0.0" }\n');
    await writeFile(join(directory, "config.json"), JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "shop" }, dta: {} }));
    const run = await runCli("validate", directory, "--format", "json");
    const report = JSON.parse(run.stdout) as Report & { notices: string[]; summary: { objects: number } };
    expect(report.summary.objects).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ rule: "schema/unknown-field", path: "dta" })]);
    expect(report.notices).toEqual([expect.stringMatching(/package\.json: not a Kubernetes manifest \(no apiVersion, no kind\): skipped$/)]);
  });
});

describe("a Helm chart among the manifests", () => {
  it("is skipped with one notice under --helm skip, its templates not read as YAML", async () => {
    const directory = await temporaryDirectory();
    await mkdir(join(directory, "chart", "templates"), { recursive: true });
    await mkdir(join(directory, "chart", "charts", "sub", "templates"), { recursive: true });
    await writeFile(join(directory, "chart", "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    await writeFile(join(directory, "chart", "charts", "sub", "Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 1.0.0\n");
    await writeFile(join(directory, "chart", "templates", "deployment.yaml"), "metadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n");
    await writeFile(join(directory, "settings.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: s, namespace: shop }\ndata: { a: b }\n");
    const run = await runCli("validate", directory, "--format", "json", "--helm", "skip");
    const report = JSON.parse(run.stdout) as Report & { notices: string[]; summary: { objects: number } };
    expect(report.findings).toEqual([]);
    expect(report.summary.objects).toBe(1);
    expect(report.notices).toEqual([expect.stringMatching(/chart: a Helm chart \(Chart\.yaml\): its templates are not manifests until rendered; skipped \(--helm skip; /)]);
    expect(run.code).toBe(0);
  });
});

describe("the settings file", () => {
  it("holds the options and exceptions, each counted with its reason; flags add to it", async () => {
    const directory = await temporaryDirectory();
    const settings = join(directory, "validate.yaml");
    await writeFile(
      settings,
      [
        "excludeRules: [secrets]",
        "exceptions:",
        "  - rule: pss",
        "    kind: Deployment",
        "    name: web",
        "    file: test/fixtures/bad-manifests/pss-*.yaml",
        "    reason: the legacy web tier is being moved off privileged pods (PLAT-42)",
      ].join("\n"),
    );
    const run = await json(BAD, "--settings", settings);
    expect(rules(run.report).filter((rule) => rule.startsWith("secrets/"))).toEqual([]);
    const pssFromPssFiles = run.report.findings.filter(({ rule, object }) => rule.startsWith("pss/") && object === "Deployment/shop/web");
    expect(run.report.excepted.length).toBeGreaterThan(0);
    expect(run.report.excepted.every(({ reason }) => reason === "the legacy web tier is being moved off privileged pods (PLAT-42)")).toBe(true);
    // Only findings of files matching the glob were excepted: the same object elsewhere is still reported.
    const unfiltered = (await json(BAD, "--exclude-rules", "secrets")).report.findings.filter(({ rule, object }) => rule.startsWith("pss/") && object === "Deployment/shop/web");
    expect(pssFromPssFiles.length + run.report.excepted.reduce((sum, { count }) => sum + count, 0)).toBe(unfiltered.length);
    const text = await runCli("validate", BAD, "--settings", settings);
    expect(text.stdout).toMatch(/^ {2}excepted pss\/\S+: \d+ \(the legacy web tier is being moved off privileged pods \(PLAT-42\)\)$/m);
  });

  it("is refused with its file, field and fix when invalid (exit 2)", async () => {
    const directory = await temporaryDirectory();
    const settings = join(directory, "validate.yaml");
    await writeFile(settings, "exceptions:\n  - rule: pss\n    reason: ''\nseverity: loud\n");
    const run = await runCli("validate", BAD, "--settings", settings);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${settings}: exceptions[0].reason: say why the finding does not apply`);
    expect(run.stderr).toContain(`${settings}: severity: `);
    expect((await runCli("validate", BAD, "--settings", join(directory, "missing.yaml"))).code).toBe(2);
  });
});
