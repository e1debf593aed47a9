// Shapes found in public repositories that crashed `slipway validate` or were rejected although
// the API server accepts them: one minimal file each (test/fixtures/real-shapes/), with the outcome
// its `# expect:` line names — `clean` (no error; a deprecation may warn), `no-crash` (findings,
// but none internal), the rule that must report it, or `!<rule>`, a rule that must not.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { guarded, INTERNAL_RULE_PREFIX } from "../../validate/finding.js";
import { runGate } from "../../validate/gate.js";
import { SchemaCatalog } from "../../validate/schema.js";
import { runCli } from "../support/cli.js";

const SHAPES = "test/fixtures/real-shapes";
const files = readdirSync(SHAPES).sort();
const expectation = (file: string) => /^# expect: (\S+)$/m.exec(readFileSync(join(SHAPES, file), "utf8"))?.[1];

describe("real-world shapes", () => {
  it("are each one minimal file with an expectation", () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const file of files) expect(expectation(file), file).toMatch(/^(clean|no-crash|!?[a-z]+\/[a-z0-9-]+)$/);
  });

  it.each(files)("%s", async (file) => {
    const { findings } = await validateManifests({ paths: [join(SHAPES, file)], profile: "restricted" });
    expect(findings.filter(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))).toEqual([]);
    const expected = expectation(file)!;
    if (expected === "clean") expect(findings.filter(({ severity }) => severity === "error")).toEqual([]);
    else if (expected.startsWith("!")) expect(findings.map(({ rule }) => rule)).not.toContain(expected.slice(1));
    else if (expected !== "no-crash") expect(findings.map(({ rule }) => rule)).toContain(expected);
  });

  it("all at once: JSON output, no internal finding, exit 1 for the errors among them", async () => {
    const run = await runCli("validate", SHAPES, "--format", "json");
    const report = JSON.parse(run.stdout) as { findings: { rule: string }[]; summary: { objects: number } };
    expect(report.summary.objects).toBeGreaterThanOrEqual(25);
    expect(report.findings.filter(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))).toEqual([]);
    expect(run.code).toBe(1);
  });
});

describe("a typed list", () => {
  it("is its items: each an object of the list's kind, the typo reported on the item", async () => {
    const { findings, objects } = await validateManifests({ paths: [join(SHAPES, "typed-list.yaml")], profile: "restricted" });
    expect(objects).toBe(2);
    expect(findings).toEqual([expect.objectContaining({ object: "ConfigMap/shapes/second", path: "dta", rule: "schema/unknown-field", line: 12, column: 5 })]);
  });
});

describe("a rule that throws", () => {
  it("becomes an internal finding naming the rule and the object, and the run goes on", () => {
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "shapes" } };
    const findings = guarded("dev", { object, file: "shapes/configmap-x.yaml" }, "hygiene/example", () => {
      throw new TypeError("Cannot read properties of undefined (reading 'spec')");
    });
    expect(findings).toEqual([
      {
        environment: "dev",
        file: "shapes/configmap-x.yaml",
        object: "ConfigMap/shapes/x",
        path: "",
        rule: "internal/hygiene/example",
        severity: "error",
        message: "rule hygiene/example failed on this input (TypeError: Cannot read properties of undefined (reading 'spec')); the other rules ran",
        fix: "this is a bug in slipway, not in the manifest: please report it with this line",
      },
    ]);
  });
});

describe("references the manifests do not resolve", () => {
  const hpa = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "api", namespace: "shapes" },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, minReplicas: 2, maxReplicas: 4 },
  };

  it("are warnings in manifests given to validate (they may be deployed from elsewhere), errors in a render", () => {
    const schemas = SchemaCatalog.load();
    const partial = runGate("shapes", [{ object: hpa }], { profile: "restricted", schemas, complete: false }).filter(({ rule }) => rule === "xo/hpa-target");
    expect(partial).toEqual([expect.objectContaining({ severity: "warning", message: "unresolved: Deployment api is not rendered in namespace shapes, in these manifests (it may be deployed from elsewhere)" })]);
    const complete = runGate("shapes", [{ object: hpa }], { profile: "restricted", schemas }).filter(({ rule }) => rule === "xo/hpa-target");
    expect(complete).toEqual([expect.objectContaining({ severity: "error", message: "Deployment api is not rendered in namespace shapes" })]);
  });
});
