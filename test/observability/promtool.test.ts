// The rendered rules run through the real promtool: every environment's PrometheusRules pass
// `promtool check rules --lint-fatal`, the unit tests generated from the typed SLOs and workload
// alerts pass `promtool test rules`, and broken rules are caught by both.
import { join } from "node:path";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { type KubeObject, synthEnvironment } from "../../constructs/synth.js";
import { buildGraph } from "../../spec/graph.js";
import { type EnvironmentSpec, loadEnvironments } from "../../spec/index.js";
import { checkRules, findPromtool, rulesFiles, runPromtool } from "../../validate/promtool.js";
import { backupAlertTests } from "../../validate/backup-rule-tests.js";
import { batchAlertTests } from "../../validate/batch-rule-tests.js";
import { databaseAlertTests } from "../../validate/database-rule-tests.js";
import { type RuleTest, sloRuleTests, workloadAlertTests } from "../../validate/rule-tests.js";
import { readTree } from "../support/files.js";
import { baseConfig, resolveInline } from "../support/inline.js";
import { toolAvailable } from "../support/render.js";

const ENVIRONMENTS = ["dev", "production", "staging"];
const hasPromtool = toolAvailable("promtool", ["--version"]);
const promtool = findPromtool()!;

let environments: EnvironmentSpec[];
const committedObjects = new Map<string, KubeObject[]>();

beforeAll(async () => {
  environments = await loadEnvironments("environments");
  for (const name of ENVIRONMENTS) {
    const files = await readTree(join("dist", name));
    committedObjects.set(name, [...files.entries()].filter(([path]) => path.endsWith(".yaml") && path !== "kustomization.yaml").map(([, content]) => yaml.load(content) as KubeObject));
  }
});

function testsOf(environment: EnvironmentSpec): RuleTest[] {
  return [...sloRuleTests(environment, buildGraph(environment)), ...workloadAlertTests(environment)];
}

function runRuleTest(test: RuleTest) {
  return runPromtool(promtool, ["test", "rules", `${test.name}.tests.yaml`], [
    { name: `${test.name}.rules.yaml`, content: test.rules },
    { name: `${test.name}.tests.yaml`, content: test.tests },
  ]);
}

describe.skipIf(!hasPromtool)("promtool", () => {
  it.each(ENVIRONMENTS)("passes check rules --lint-fatal on every PrometheusRule in dist/%s", async (name) => {
    const files = rulesFiles(name, committedObjects.get(name)!);
    expect(files.map((file) => file.object).sort()).toEqual([
      "PrometheusRule/" + ns(name) + "/analytics-service",
      "PrometheusRule/" + ns(name) + "/api-gateway",
      "PrometheusRule/" + ns(name) + "/auth-service",
      "PrometheusRule/" + ns(name) + "/consciousness-service",
      "PrometheusRule/" + ns(name) + "/workload-alerts",
    ]);
    expect(await checkRules(promtool, files)).toEqual([]);
  });

  it.each(ENVIRONMENTS)("passes the unit tests generated for %s: fast burn pages, slow burn tickets, healthy and low traffic stay quiet", async (name) => {
    const tests = testsOf(environments.find((environment) => environment.name === name)!);
    // One test file per SLO service and per namespace's workload alerts.
    expect(tests.map((test) => test.name).sort()).toEqual(
      ["analytics-service-slo", "api-gateway-slo", "auth-service-slo", "consciousness-service-slo", `${ns(name)}-workloads`].map((suffix) => `${name}-${suffix}`).sort(),
    );
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
  });

  it.each(["dev", "prod"])("passes the unit tests of the job and cron job alerts in %s of test/fixtures/valid/batch.yaml, and the rendered rules pass check rules", async (name) => {
    const environment = (await loadEnvironments("test/fixtures/valid/batch.yaml")).find((candidate) => candidate.name === name)!;
    const tests = batchAlertTests(environment, buildGraph(environment));
    expect(tests.map((test) => test.name).sort()).toEqual([`${name}-backup-runs`, `${name}-migrate-runs`]);
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
    const objects = synthEnvironment(environment);
    expect(await checkRules(promtool, rulesFiles(name, objects))).toEqual([]);
  });

  it("passes the unit tests of the Velero backup alerts in production of examples/property-management", async () => {
    const environment = (await loadEnvironments("examples/property-management")).find((candidate) => candidate.name === "production")!;
    const tests = backupAlertTests(environment);
    expect(tests.map((test) => test.name)).toEqual(["production-backups"]);
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
  });

  it.each(["production", "staging"])("passes the unit tests of the app-level SLO (own counters, P99 under 5 ms) in %s of examples/property-management", async (name) => {
    const environment = (await loadEnvironments("examples/property-management")).find((candidate) => candidate.name === name)!;
    const tests = sloRuleTests(environment, buildGraph(environment));
    expect(tests.map((test) => test.name)).toEqual([`${name}-api-slo`]);
    // The fixture writes the service's own series: nothing of Istio.
    expect(tests[0]!.tests).toContain('http_request_duration_seconds_bucket{namespace="property');
    expect(tests[0]!.tests).not.toContain("istio_");
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
    expect(await checkRules(promtool, rulesFiles(name, await render(environment)))).toEqual([]);
  });

  it("fails the app-level SLO's unit tests when the latency SLI cuts at another bucket, or its errors count every request", async () => {
    const environment = (await loadEnvironments("examples/property-management")).find((candidate) => candidate.name === "production")!;
    const [test] = sloRuleTests(environment, buildGraph(environment));
    for (const [from, to, scenario] of [
      ['le="0.005"', 'le="0.01"', "latency: fast burn (1h)"],
      [',status=~"5.."', "", "availability: healthy"],
    ] as const) {
      const broken = { ...test!, rules: test!.rules.replaceAll(from, to) };
      expect(broken.rules).not.toBe(test!.rules);
      const run = await runRuleTest(broken);
      expect(run.ok).toBe(false);
      expect(run.output).toContain(scenario);
    }
  });

  it("passes the unit tests of an app-level SLO with a counter of failures of its own and a histogram in milliseconds", async () => {
    const config = baseConfig({}, { namespaces: { shop: {} }, alerting: { runbookBaseUrl: "https://runbooks.example.com" } } as never);
    Object.assign(config.services.web!, {
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
      metrics: { port: "metrics" },
      slo: {
        availability: 99.5,
        latency: { thresholdMs: 250, objective: 95 },
        sli: { source: "metrics", requests: "rpc_handled_total", errors: 'rpc_failed_total{kind!="client"}', latency: { histogram: "rpc_latency_ms", unit: "milliseconds", buckets: [100, 250, 1000] } },
      },
    });
    const [environment] = resolveInline(config);
    const tests = sloRuleTests(environment!, buildGraph(environment!));
    expect(tests[0]!.tests).toContain('rpc_failed_total{namespace="shop",service="web"}');
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
  });

  it.each(["dev", "prod"])("passes the unit tests of the database alerts in %s of test/fixtures/valid/databases.yaml: each fires for exactly the instance at fault", async (name) => {
    const environment = (await loadEnvironments("test/fixtures/valid/databases.yaml")).find((candidate) => candidate.name === name)!;
    const tests = databaseAlertTests(environment);
    expect(tests.map((test) => test.name)).toEqual([`${name}-main-database`]);
    const alerts = ((yaml.load(tests[0]!.tests) as any).tests[0].alert_rule_test as { alertname: string }[]).map((test) => test.alertname);
    // One instance in dev: no replication to lag.
    expect(alerts).toEqual(["MainDatabaseInstanceDown", "MainDatabaseConnectionsNearLimit", ...(name === "prod" ? ["MainDatabaseReplicationLag"] : []), "MainDatabaseBackupFailed", "MainDatabaseBackupTooOld"]);
    const runs = await Promise.all(tests.map(runRuleTest));
    runs.forEach((run, index) => expect(run.ok, `${tests[index]!.name}\n${run.output}`).toBe(true));
  });

  it("generates scenarios that expect the page alert, the ticket alert and silence", () => {
    const production = environments.find((environment) => environment.name === "production")!;
    const test = testsOf(production).find((candidate) => candidate.name === "production-auth-service-slo")!;
    const cases = (yaml.load(test.tests) as { tests: { name: string; alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }).tests;
    const fired = Object.fromEntries(cases.map((c) => [c.name, c.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)]));
    expect(fired).toEqual({
      "auth-service availability: healthy": [],
      "auth-service availability: slow burn (3d)": ["AuthServiceAvailabilitySlowBurn"],
      "auth-service availability: slow burn (1d)": ["AuthServiceAvailabilitySlowBurn"],
      "auth-service availability: fast burn (1h)": ["AuthServiceAvailabilityFastBurn"],
      "auth-service availability: fast burn (6h)": ["AuthServiceAvailabilityFastBurn"],
      "auth-service availability: low traffic, all failing": [],
      "auth-service latency: healthy": [],
      "auth-service latency: slow burn (3d)": ["AuthServiceLatencySlowBurn"],
      "auth-service latency: slow burn (1d)": ["AuthServiceLatencySlowBurn"],
      "auth-service latency: fast burn (1h)": ["AuthServiceLatencyFastBurn"],
      "auth-service latency: fast burn (6h)": ["AuthServiceLatencyFastBurn"],
      "auth-service latency: low traffic, all failing": [],
    });
  });

  it("rejects a deliberately broken expression in check rules", async () => {
    const [file] = rulesFiles("dev", committedObjects.get("dev")!).filter((candidate) => candidate.object.endsWith("/auth-service"));
    const broken = { ...file!, unchecked: { ...file!.unchecked!, json: file!.unchecked!.json.replace("sum(rate(", "sum(rate((") } };
    const findings = await checkRules(promtool, [broken]);
    expect(findings).toEqual([expect.objectContaining({ object: "PrometheusRule/ai-api-dev/auth-service", rule: "promtool/check-rules", message: expect.stringContaining("unclosed left parenthesis") })]);
  });

  it.each([
    ["the 1-hour page factor", "(14.4 * ", "(144 * ", "fast burn (1h)"],
    ["the 6-hour page factor", "(6 * ", "(60 * ", "fast burn (6h)"],
    ["the 3-day ticket factor", "(1 * ", "(10 * ", "slow burn (3d)"],
    ["the low-traffic guard", "> (1 / 60)", "> (0 / 60)", "low traffic"],
  ])("fails the generated unit tests when %s is wrong", async (_what, from, to, scenario) => {
    const production = environments.find((environment) => environment.name === "production")!;
    const test = testsOf(production).find((candidate) => candidate.name === "production-auth-service-slo")!;
    const broken = { ...test, rules: test.rules.replaceAll(from, to) };
    expect(broken.rules).not.toBe(test.rules);
    const run = await runRuleTest(broken);
    expect(run.ok).toBe(false);
    expect(run.output).toContain(`availability: ${scenario}`);
  });

  it("fails the generated workload alert tests when KubeHpaMaxedOut counts min = max HPAs", async () => {
    const production = environments.find((environment) => environment.name === "production")!;
    const [test] = workloadAlertTests(production);
    const withoutExclusion = { ...test!, rules: test!.rules.replace(/\n\s+unless\n[\s\S]*?spec_max_replicas\{[^}]*\}/, "") };
    expect(withoutExclusion.rules).not.toBe(test!.rules);
    const run = await runRuleTest(withoutExclusion);
    expect(run.ok).toBe(false);
    expect(run.output).toContain("fixed-size");
  });
});

async function render(environment: EnvironmentSpec): Promise<KubeObject[]> {
  return synthEnvironment(environment);
}

function ns(environment: string): string {
  return environment === "production" ? "ai-api" : `ai-api-${environment}`;
}
