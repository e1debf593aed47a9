// validate's text report: the same finding of many objects is one line with a count.
import { expect, it } from "vitest";
import { validateGithub, validateJson, validateSarif, validateText } from "../../cli/validate-report.js";
import type { Finding } from "../../validate/finding.js";

const finding = (file: string): Finding => ({ environment: "dev", file, object: `Deployment/shop/${file}`, path: "spec.template.spec.containers.0.image", rule: "hygiene/image-pinned", severity: "error", message: "nginx has no tag or digest", fix: "pin the image" });

it("folds identical findings into one line with a count and where the others are", () => {
  const lines = validateText({ findings: ["a", "b", "c", "d", "e"].map(finding), objects: 5, environments: 1, notices: ["no schema for example.com/v1 Widget: 1 object not checked"], excepted: [{ rule: "pss/privileged", reason: "legacy", count: 2 }] });
  expect(lines).toEqual([
    "dev/a: Deployment/shop/a spec.template.spec.containers.0.image: [hygiene/image-pinned] nginx has no tag or digest (and 4 more like it: dev/b, dev/c, dev/d, …)",
    "notice: no schema for example.com/v1 Widget: 1 object not checked",
    "5 objects in 1 environment(s): 5 error(s), 0 warning(s) in 5 file(s)",
    "  hygiene/image-pinned: 5 — pin the image",
    "  excepted pss/privileged: 2 (legacy)",
  ]);
});

const located = (file: string, line: number): Finding => ({ ...finding(file), severity: "warning", line, column: 7 });

it("counts findings per file in the JSON summary", () => {
  const report = JSON.parse(validateJson({ findings: [finding("a"), finding("a"), finding("b"), { ...finding("c"), file: undefined as never }], objects: 3, environments: 1, notices: [], excepted: [] }));
  expect(report.summary.byFile).toEqual({ "dev/a": 2, "dev/b": 1 });
});

it("writes GitHub annotations on each file and line, escaping what the format reserves", () => {
  const lines = validateGithub({ findings: [located("a,b.yaml", 12), { ...finding("c"), file: undefined as never, message: "50% of it\nbroken" }], objects: 2, environments: 1, notices: ["skipped x"], excepted: [] });
  expect(lines).toEqual([
    "::warning file=dev/a%2Cb.yaml,line=12,col=7,title=hygiene/image-pinned::Deployment/shop/a,b.yaml spec.template.spec.containers.0.image: nginx has no tag or digest — pin the image",
    "::error title=hygiene/image-pinned::Deployment/shop/c spec.template.spec.containers.0.image: 50%25 of it%0Abroken — pin the image",
    "::notice title=slipway validate::skipped x",
  ]);
});

it("writes SARIF 2.1.0 with each rule's fix as help and each finding's region", () => {
  const sarif = JSON.parse(validateSarif({ findings: [located("a.yaml", 12)], objects: 1, environments: 1, notices: [], excepted: [] }, "0.1.0"));
  expect(sarif.version).toBe("2.1.0");
  expect(sarif.runs[0].tool.driver).toEqual({ name: "slipway", version: "0.1.0", rules: [{ id: "hygiene/image-pinned", shortDescription: { text: "hygiene/image-pinned" }, help: { text: "pin the image" } }] });
  expect(sarif.runs[0].results).toEqual([
    {
      ruleId: "hygiene/image-pinned",
      level: "warning",
      message: { text: "Deployment/shop/a.yaml spec.template.spec.containers.0.image: nginx has no tag or digest" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "dev/a.yaml" }, region: { startLine: 12, startColumn: 7 } } }],
    },
  ]);
});
