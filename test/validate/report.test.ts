// validate's text report: the same finding of many objects is one line with a count.
import { expect, it } from "vitest";
import { validateText } from "../../cli/validate-report.js";
import type { Finding } from "../../validate/finding.js";

const finding = (file: string): Finding => ({ environment: "dev", file, object: `Deployment/shop/${file}`, path: "spec.template.spec.containers.0.image", rule: "hygiene/image-pinned", severity: "error", message: "nginx has no tag or digest", fix: "pin the image" });

it("folds identical findings into one line with a count and where the others are", () => {
  const lines = validateText({ findings: ["a", "b", "c", "d", "e"].map(finding), objects: 5, environments: 1, notices: ["no schema for example.com/v1 Widget: 1 object not checked"], excepted: [{ rule: "pss/privileged", reason: "legacy", count: 2 }] });
  expect(lines).toEqual([
    "dev/a: Deployment/shop/a spec.template.spec.containers.0.image: [hygiene/image-pinned] nginx has no tag or digest — pin the image (and 4 more like it: dev/b, dev/c, dev/d, …)",
    "notice: no schema for example.com/v1 Widget: 1 object not checked",
    "5 objects in 1 environment(s): 5 error(s), 0 warning(s)",
    "  hygiene/image-pinned: 5",
    "  excepted pss/privileged: 2 (legacy)",
  ]);
});
