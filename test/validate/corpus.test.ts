// The validation gate against hand-made manifests: each bad file triggers exactly the rule it
// names, clean files trigger nothing, and each cross-object rule has a consistent/inconsistent pair.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifests } from "../../cli/validate.js";
import { CROSS_OBJECT_RULES } from "../../validate/cross-object/index.js";
import { POLICY_RULES } from "../../validate/policy/index.js";
import type { Profile } from "../../validate/policy/rule.js";
import { runCli } from "../support/cli.js";
import { fingerprint, temporaryDirectory } from "../support/files.js";
import { baseConfig, health } from "../support/inline.js";

const BAD = "test/fixtures/bad-manifests";
const CLEAN = "test/fixtures/clean-manifests";
const PAIRS = "test/fixtures/cross-object";

interface Header {
  readonly rule: string;
  readonly profile: Profile;
  readonly prometheusSelector?: Record<string, string>;
}

function header(file: string): Header {
  const text = readFileSync(file, "utf8");
  const value = (key: string) => new RegExp(`^# ${key}: (.+)$`, "m").exec(text)?.[1];
  const selector = value("prometheus-selector");
  return {
    rule: value("rule")!,
    profile: (value("profile") as Profile | undefined) ?? "restricted",
    ...(selector ? { prometheusSelector: Object.fromEntries([selector.split("=") as [string, string]]) } : {}),
  };
}

async function rulesFound(file: string) {
  const { profile, prometheusSelector } = header(file);
  const { findings } = await validateManifests({ paths: [file], profile, prometheusSelector });
  return findings;
}

const badFiles = readdirSync(BAD).sort();

describe("bad manifests", () => {
  it("number at least 40, each naming a rule that exists", () => {
    expect(badFiles.length).toBeGreaterThanOrEqual(40);
    const known = new Set([...POLICY_RULES.map((rule) => rule.id), "schema/unknown-field", "schema/invalid-field", "schema/unknown-kind", "policy/invalid-exception", "input/yaml", "input/not-a-manifest", "input/encoding", "input/limit"]);
    for (const file of badFiles) expect(known, file).toContain(header(join(BAD, file)).rule);
  });

  it("cover every policy rule", () => {
    const covered = new Set(badFiles.map((file) => header(join(BAD, file)).rule));
    expect(POLICY_RULES.map((rule) => rule.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  // An optional `# reports: <object>, …` line names the only objects it reports (the others in the file must pass).
  it.each(badFiles)("%s triggers exactly its rule", async (file) => {
    const path = join(BAD, file);
    const findings = await rulesFound(path);
    expect([...new Set(findings.map((finding) => finding.rule))], findings.map((finding) => `${finding.rule} ${finding.path} ${finding.message}`).join("\n")).toEqual([header(path).rule]);
    const reports = /^# reports: (.+)$/m.exec(readFileSync(path, "utf8"))?.[1];
    if (reports !== undefined) expect([...new Set(findings.map(({ object }) => object))]).toEqual(reports.split(", "));
  });
});

describe("clean manifests", () => {
  it.each(readdirSync(CLEAN).sort())("%s gives no finding", async (file) => {
    expect((await validateManifests({ paths: [join(CLEAN, file)], profile: "restricted" })).findings).toEqual([]);
  });
});

describe("cross-object rules", () => {
  it("each have a minimal pair", () => {
    expect(readdirSync(PAIRS).sort()).toEqual(CROSS_OBJECT_RULES.map((rule) => rule.id.split("/")[1]).sort());
  });

  describe.each(CROSS_OBJECT_RULES.map((rule) => rule.id))("%s", (rule) => {
    const directory = join(PAIRS, rule.split("/")[1]!);
    // consistent.yaml / inconsistent.yaml, and further pairs for cases the first does not reach (across namespaces).
    const files = readdirSync(directory).sort();
    it("has a consistent and an inconsistent set", () => {
      expect(files).toContain("consistent.yaml");
      expect(files).toContain("inconsistent.yaml");
    });
    it.each(files.filter((file) => file.startsWith("consistent")))("finds nothing in %s", async (file) => {
      expect(await rulesFound(join(directory, file))).toEqual([]);
    });
    // An `# also: <rule> (why)` line names a rule that sees the same mistake from the other side.
    it.each(files.filter((file) => file.startsWith("inconsistent")))("finds exactly this rule in %s", async (file) => {
      const path = join(directory, file);
      const also = [...readFileSync(path, "utf8").matchAll(/^# also: (\S+)/gm)].map((match) => match[1]!);
      const findings = await rulesFound(path);
      expect([...new Set(findings.map((finding) => finding.rule))].sort()).toEqual([rule, ...also].sort());
      expect(findings[0]!.message.length).toBeGreaterThan(10);
    });
  });
});

describe("strict mode", () => {
  it("names misspelled fields with their path and the field meant", async () => {
    const top = await rulesFound(join(BAD, "schema-unknown-field.yaml"));
    expect(top).toEqual([expect.objectContaining({ object: "Deployment/shop/web", path: "spec.replicass", rule: "schema/unknown-field", fix: 'did you mean "replicas"?' })]);
    const nested = await rulesFound(join(BAD, "schema-unknown-field-nested.yaml"));
    expect(nested).toEqual([expect.objectContaining({ path: "spec.template.spec.containers.0.ports.0.containerport", fix: 'did you mean "containerPort"?' })]);
  });

  it("reads a schema directory given with --schemas, and reports kinds it has no schema for", async () => {
    const empty = await temporaryDirectory();
    await expect(validateManifests({ paths: [join(CLEAN, "web.yaml")], profile: "restricted", schemas: empty })).rejects.toThrow(`no _definitions.json in schema directory ${empty}`);
  });
});

describe("slipway validate", () => {
  it("passes the rendered environments", async () => {
    const run = await runCli("validate", "dist/", "--prometheus-selector", "release=kube-prometheus-stack");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ objects in 3 environment\(s\): 0 error\(s\), 0 warning\(s\)$/m);
  });

  it("prints one line per finding and a summary by rule, and exits 1", async () => {
    const run = await runCli("validate", join(BAD, "pss-privileged.yaml"), join(BAD, "hygiene-probes.yaml"));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "test/fixtures/bad-manifests/pss-privileged.yaml:51:13: Deployment/shop/web spec.template.spec.containers.0.securityContext.privileged: [pss/privileged] container web is privileged\n",
    );
    // Both files declare Deployment shop/web, and files outside a kustomization directory are one scope.
    // Each rule's fix once, in the summary.
    expect(run.stdout).toContain(
      "2 objects in 1 environment(s): 3 error(s), 0 warning(s) in 2 file(s)\n  hygiene/probes: 1 — give every container that serves ports a readinessProbe and a livenessProbe\n  pss/privileged: 1 — remove securityContext.privileged (or set false)\n  xo/duplicate-object: 1 — keep one declaration of the object: rename one, or remove it",
    );
  });

  it("writes JSON for CI annotations", async () => {
    const run = await runCli("validate", join(BAD, "pss-privileged.yaml"), "--format", "json");
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: { errors: number; byRule: Record<string, number> } };
    expect(report.summary).toMatchObject({ errors: 1, byRule: { "pss/privileged": 1 } });
    expect(report.findings[0]).toMatchObject({ rule: "pss/privileged", severity: "error", file: "pss-privileged.yaml" });
  });

  it("applies only baseline checks with --profile baseline", async () => {
    expect((await runCli("validate", join(BAD, "pss-run-as-non-root.yaml"), "--profile", "baseline")).code).toBe(0);
    expect((await runCli("validate", join(BAD, "pss-run-as-non-root.yaml"))).code).toBe(1);
  });

  it("rejects bad options with exit 2", async () => {
    expect(await runCli("validate", CLEAN, "--profile", "privileged")).toMatchObject({ code: 2, stderr: expect.stringContaining("--profile must be restricted or baseline") });
    expect(await runCli("validate")).toMatchObject({ code: 2 });
  });
});

describe("synth", () => {
  it("refuses to write when the gate finds an error, leaving the output unchanged", async () => {
    const outdir = await temporaryDirectory();
    const before = await fingerprint(outdir);
    const directory = await temporaryDirectory();
    const config = baseConfig({ api: { image: { repository: "api", tag: "1" }, ports: [{ name: "http", port: 8080 }], probes: health, policyExceptions: [{ rule: "hygiene/no-such-rule", reason: "a typo" }] } });
    const file = join(directory, "shop.json");
    await import("node:fs/promises").then(({ writeFile }) => writeFile(file, JSON.stringify(config)));
    const run = await runCli("synth", "--config", file, "--outdir", outdir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dev/shop/deployment-api.yaml: Deployment/shop/api metadata.annotations.slipway.dev/policy-exceptions: [policy/invalid-exception] names no known rule ("hygiene/no-such-rule")');
    expect(await fingerprint(outdir)).toBe(before);
  });
});
