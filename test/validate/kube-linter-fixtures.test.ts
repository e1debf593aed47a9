// kube-linter's own check fixtures (copied with its licence, test/fixtures/realworld/kube-linter/):
// slipway validate reads every one without a crash, and its rules report, for each check it has an
// equivalent of, the objects kube-linter-checks.ts lists. The README's table is that list.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { INTERNAL_RULE_PREFIX } from "../../validate/finding.js";
import { runCli } from "../support/cli.js";
import { KUBE_LINTER_CHECKS, readmeRow } from "./kube-linter-checks.js";

const CHECKS = "test/fixtures/realworld/kube-linter/tests/checks";

describe("kube-linter's check fixtures", () => {
  it("are each listed with the check they test", () => {
    const listed = new Set(KUBE_LINTER_CHECKS.map(({ fixture }) => fixture));
    expect(readdirSync(CHECKS).filter((file) => !listed.has(file))).toEqual([]);
    const tested = readFileSync("test/fixtures/realworld/kube-linter/bats-tests.sh", "utf8")
      .split(/^(?=@test )/m)
      .map((block) => `${/^@test "([^"]+)"/.exec(block)?.[1]} ${/tmp="tests\/checks\/([^"]+)"/.exec(block)?.[1]}`);
    for (const { check, fixture } of KUBE_LINTER_CHECKS) expect(tested, check).toContain(`${check} ${fixture}`);
  });

  it.each(KUBE_LINTER_CHECKS.map((entry) => [entry.check, entry] as const))("%s", async (_, { fixture, rules, reports }) => {
    const { findings } = await validateManifests({ paths: [join(CHECKS, fixture)], profile: "restricted" });
    expect(findings.filter(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))).toEqual([]);
    const reported = [...new Set(findings.filter(({ rule }) => rules.includes(rule)).map(({ object }) => object))];
    expect(reported.sort()).toEqual([...reports].sort());
  });

  it("all at once: a JSON report and exit 1, never 3", async () => {
    const run = await runCli("validate", CHECKS, "--format", "json");
    const report = JSON.parse(run.stdout) as { findings: { rule: string }[]; summary: { objects: number } };
    expect(report.findings.filter(({ rule }) => rule.startsWith(INTERNAL_RULE_PREFIX))).toEqual([]);
    expect(report.summary.objects).toBeGreaterThan(200);
    expect(run.code).toBe(1);
  });

  it("are the README's kube-linter table, row for row", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(readme.indexOf("| kube-linter check |"));
    const rows = table.slice(0, table.indexOf("\n\n")).split("\n").slice(2);
    expect(rows).toEqual(KUBE_LINTER_CHECKS.map(readmeRow));
  });
});
