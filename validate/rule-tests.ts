// promtool unit tests generated from the typed spec: for each SLO, synthetic series of its SLI source for a
// healthy service, a slow burn, a fast burn and a trickle of failing traffic, with the alerts each
// must (and must not) fire; for workload alerts, kube-state-metrics series that must and must not
// trigger them. Run with `promtool test rules`.
import * as yaml from "js-yaml";
import { labelSet, type RequestSignals, signalsOf } from "../constructs/observability/sli/request-signals.js";
import { type Rule, type RuleGroup, type Sli, sloAlertName, sloRuleGroups, slisOf } from "../constructs/observability/slo-rules.js";
import { WORKLOAD_ALERTS, workloadAlertRules } from "../constructs/observability/workload-alerts.js";
import type { ServiceGraph } from "../spec/graph.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { type SloSpec, serving } from "../spec/workload.js";
import { BURN_RATE_ALERTS, burnRateFactor, errorBudget } from "../spec/slo.js";

export interface RuleTest {
  /** Base name of the rules file and the test file. */
  readonly name: string;
  readonly rules: string;
  readonly tests: string;
}

const MINUTES = 3 * 24 * 60;
const REQUESTS_PER_MINUTE = 600;
/** Sample spacing: a 5-minute rate window still holds three samples. */
const SAMPLE_MINUTES = 2;

interface Segment {
  readonly minutes: number;
  readonly requestsPerMinute: number;
  readonly badFraction: number;
}

interface Scenario {
  readonly name: string;
  readonly segments: readonly Segment[];
  readonly fires: readonly ("page" | "ticket")[];
}

/** Counter samples every SAMPLE_MINUTES, as promtool's expanding notation: segments "start+stepxN" that continue each other. */
function counter(segments: readonly Segment[], perMinute: (segment: Segment) => number): string {
  let value = 0;
  const parts: string[] = [];
  segments.forEach((segment, index) => {
    const step = round(perMinute(segment) * SAMPLE_MINUTES);
    const steps = segment.minutes / SAMPLE_MINUTES;
    const samples = index === 0 ? steps + 1 : steps;
    const start = index === 0 ? 0 : round(value + step);
    parts.push(`${start}+${step}x${samples - 1}`);
    value = round(start + step * (samples - 1));
  });
  return parts.join(" ");
}

function round(value: number): number {
  return Number(value.toFixed(6));
}

/**
 * Burn rates that must fire exactly the page alert (through its 1-hour pair, then its 6-hour pair,
 * each alone), exactly the ticket alert, or nothing. Rates are multiples of the budget chosen
 * between the burn-rate factors, so the scenarios hold for any SLO period.
 */
export function sloScenarios(slo: SloSpec, budget: number): Scenario[] {
  const factor = (index: number) => burnRateFactor(BURN_RATE_ALERTS[index]!.budgetSpent, BURN_RATE_ALERTS[index]!.long, slo.period);
  const [pageHour, pageSixHours, ticketDay, ticketThreeDays] = [0, 1, 2, 3].map(factor) as [number, number, number, number];
  const bad = (multiple: number) => Math.min(1, multiple * budget);
  const steady = (badFraction: number, requestsPerMinute = REQUESTS_PER_MINUTE): Segment[] => [{ minutes: MINUTES, requestsPerMinute, badFraction }];
  const burstAtEnd = (minutes: number, badFraction: number): Segment[] => [
    { minutes: MINUTES - minutes, requestsPerMinute: REQUESTS_PER_MINUTE, badFraction: 0 },
    { minutes, requestsPerMinute: REQUESTS_PER_MINUTE, badFraction },
  ];
  const scenarios: Scenario[] = [
    { name: "healthy", segments: steady(bad(0.5 * Math.min(ticketDay, ticketThreeDays))), fires: [] },
    // Its 6-hour ratio is 1/6 of the burst rate, below the 6-hour pair's factor.
    { name: "fast burn (1h)", segments: burstAtEnd(60, bad(1.4 * pageHour)), fires: ["page"] },
    { name: "fast burn (6h)", segments: burstAtEnd(360, bad((pageHour + pageSixHours) / 2)), fires: ["page"] },
    // Between the two ticket factors: only the 3-day pair fires. (The 1-day pair cannot fire alone:
    // its windows sit inside the 3-day pair's, so it is exercised below but not isolated.)
    { name: "slow burn (3d)", segments: steady(bad((ticketDay + ticketThreeDays) / 2)), fires: ["ticket"] },
    { name: "slow burn (1d)", segments: steady(bad((pageSixHours + ticketDay) / 2)), fires: ["ticket"] },
  ];
  if (slo.minRequestsPerMinute > 0) scenarios.push({ name: "low traffic, all failing", segments: steady(1, slo.minRequestsPerMinute / 2), fires: [] });
  return scenarios;
}

export { labelSet };

/**
 * The scenario's series: every request counts on the source's good series, or its bad ones when it
 * fails (an availability scenario) or is slow (a latency scenario, where it still succeeds and the
 * histogram's threshold bucket leaves it out).
 */
function sliSeries(signals: RequestSignals, sli: Sli, thresholdMs: number | undefined, segments: readonly Segment[]) {
  const perSeries = new Map<string, ((segment: Segment) => number)[]>();
  const count = (series: readonly string[], perMinute: (segment: Segment) => number) => series.forEach((id) => perSeries.set(id, [...(perSeries.get(id) ?? []), perMinute]));
  const { good, bad } = signals.fixture();
  const all = (segment: Segment) => segment.requestsPerMinute;
  const fast = (segment: Segment) => segment.requestsPerMinute * (1 - segment.badFraction);
  if (sli.kind === "availability") {
    count(good, fast);
    count(bad, (segment) => segment.requestsPerMinute * segment.badFraction);
  } else {
    const histogram = signals.latency!.fixture();
    count(good, all);
    count([histogram.bucket(thresholdMs!)], fast);
    count([histogram.bucket("+Inf"), histogram.count], all);
  }
  return [...perSeries].map(([series, rates]) => ({ series, values: counter(segments, (segment) => rates.reduce((sum, rate) => sum + rate(segment), 0)) }));
}

function expectedAlert(rule: Rule) {
  return { exp_labels: rule.labels, exp_annotations: rule.annotations };
}

export function sloRuleTests(environment: EnvironmentSpec, graph: ServiceGraph): RuleTest[] {
  return [...graph.nodes.values()].flatMap((node) => {
    const slo = serving(environment.services[node.name]!)?.slo;
    if (slo === undefined) return [];
    const groups = sloRuleGroups(node, slo, environment);
    const signals = signalsOf(node, slo.sli);
    const alertRules = groups.flatMap((group) => group.rules ?? []).filter((rule) => rule.alert !== undefined);
    const name = `${environment.name}-${node.name}-slo`;
    const tests = slisOf(signals, slo).flatMap((sli) =>
      sloScenarios(slo, errorBudget(sli.objective)).map((scenario) => ({
        name: `${node.name} ${sli.kind}: ${scenario.name}`,
        interval: `${SAMPLE_MINUTES}m`,
        input_series: sliSeries(signals, sli, slo.latency?.thresholdMs, scenario.segments),
        alert_rule_test: (["page", "ticket"] as const).map((severity) => {
          const alertname = sloAlertName(node.name, sli.kind, severity);
          const rule = alertRules.find((candidate) => candidate.alert === alertname)!;
          return { eval_time: "3d", alertname, exp_alerts: scenario.fires.includes(severity) ? [expectedAlert(rule)] : [] };
        }),
      })),
    );
    // The burn-rate alerts have no `for`: their state at 3d depends only on the recordings made at
    // 3d, so evaluating daily (4 steps) tests exactly what minutely evaluation would, far faster.
    return [testFiles(name, { groups }, tests, "1d")];
  });
}

/** kube-state-metrics series that must, and must not, trigger each workload alert. */
export function workloadAlertTests(environment: EnvironmentSpec): RuleTest[] {
  if (!environment.alerting.workloadAlerts) return [];
  const selector = simpleLabels(environment.alerting.kubeStateMetricsSelector);
  if (selector === undefined) return [];
  return Object.values(environment.namespaces).map(({ name: namespace }) => {
    const rules = workloadAlertRules(namespace, environment);
    const at = (labels: Record<string, string>) => labelSet({ namespace, ...selector, ...labels });
    const constant = (value: number) => `${value}x30`;
    const pod = (name: string) => ({ pod: name, container: "app" });
    const hpa = (name: string, current: number, desired: number, min: number, max: number) => [
      { series: `kube_horizontalpodautoscaler_status_current_replicas${at({ horizontalpodautoscaler: name })}`, values: constant(current) },
      { series: `kube_horizontalpodautoscaler_status_desired_replicas${at({ horizontalpodautoscaler: name })}`, values: constant(desired) },
      { series: `kube_horizontalpodautoscaler_spec_min_replicas${at({ horizontalpodautoscaler: name })}`, values: constant(min) },
      { series: `kube_horizontalpodautoscaler_spec_max_replicas${at({ horizontalpodautoscaler: name })}`, values: constant(max) },
    ];
    const input = [
      { series: `kube_pod_container_status_restarts_total${at(pod("crashing"))}`, values: "0+1x30" },
      { series: `kube_pod_container_status_waiting${at(pod("crashing"))}`, values: constant(1) },
      { series: `kube_pod_container_status_restarts_total${at(pod("restarted-once"))}`, values: "0+1x30" },
      { series: `kube_pod_container_status_waiting${at(pod("restarted-once"))}`, values: constant(0) },
      { series: `kube_deployment_spec_replicas${at({ deployment: "short" })}`, values: constant(3) },
      { series: `kube_deployment_status_replicas_available${at({ deployment: "short" })}`, values: constant(1) },
      { series: `kube_deployment_status_replicas_updated${at({ deployment: "short" })}`, values: constant(3) },
      { series: `kube_deployment_spec_replicas${at({ deployment: "complete" })}`, values: constant(3) },
      { series: `kube_deployment_status_replicas_available${at({ deployment: "complete" })}`, values: constant(3) },
      { series: `kube_deployment_status_replicas_updated${at({ deployment: "complete" })}`, values: constant(3) },
      ...hpa("maxed", 10, 10, 2, 10),
      ...hpa("fixed-size", 3, 3, 3, 3),
      ...hpa("stuck", 4, 6, 2, 10),
    ];
    const firing: Record<(typeof WORKLOAD_ALERTS)[number], Record<string, string>[]> = {
      KubePodCrashLooping: [{ namespace, ...selector, ...pod("crashing") }],
      KubeDeploymentReplicasMismatch: [{ namespace, ...selector, deployment: "short" }],
      KubeHpaReplicasMismatch: [{ namespace, ...selector, horizontalpodautoscaler: "stuck" }],
      KubeHpaMaxedOut: [{ namespace, ...selector, horizontalpodautoscaler: "maxed" }],
    };
    const test = {
      name: `${namespace} workload alerts`,
      interval: "1m",
      input_series: input,
      alert_rule_test: rules.map((rule) => ({
        eval_time: "30m",
        alertname: rule.alert!,
        exp_alerts: firing[rule.alert as (typeof WORKLOAD_ALERTS)[number]].map((labels) => ({
          exp_labels: { ...labels, ...rule.labels },
          exp_annotations: Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([key, text]) => [key, text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => labels[label] ?? "")])),
        })),
      })),
    };
    return testFiles(`${environment.name}-${namespace}-workloads`, { groups: [{ name: `${namespace}-workloads`, rules }] }, [test], "1m");
  });
}

/** `job="kube-state-metrics"` → { job: "kube-state-metrics" }; undefined when a matcher is not an equality. */
export function simpleLabels(selector: string): Record<string, string> | undefined {
  const matchers = selector.split(",").map((matcher) => /^\s*(\w+)="([^"]*)"\s*$/.exec(matcher));
  if (matchers.some((match) => match === null)) return undefined;
  return Object.fromEntries(matchers.map((match) => [match![1]!, match![2]!]));
}

/**
 * Each rule expected to fire once at `evalTime`, with the series labels its alert name's suffix
 * maps to (`fires`: suffix → labels), its own labels, and its annotations with those labels filled in.
 */
export function firingAlertTests(rules: readonly Rule[], fires: Readonly<Record<string, Record<string, string>>>, evalTime: string): object[] {
  return rules.map((rule) => {
    const labels = fires[Object.keys(fires).find((suffix) => rule.alert!.endsWith(suffix))!]!;
    return {
      eval_time: evalTime,
      alertname: rule.alert!,
      exp_alerts: [
        {
          exp_labels: { ...labels, ...rule.labels },
          exp_annotations: Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([key, text]) => [key, text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => labels[label] ?? "")])),
        },
      ],
    };
  });
}

export function testFiles(name: string, rules: { groups: RuleGroup[] }, tests: object[], evaluationInterval: string): RuleTest {
  const dump = (value: unknown) => yaml.dump(value, { noRefs: true, lineWidth: -1 });
  // Without group_eval_order promtool evaluates groups in random order, and alerts could read
  // recordings from the previous (stale) evaluation.
  const order = rules.groups.map((group) => group.name);
  return { name, rules: dump(rules), tests: dump({ rule_files: [`${name}.rules.yaml`], evaluation_interval: evaluationInterval, group_eval_order: order, tests }) };
}
