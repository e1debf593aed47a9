// Label matchers no rendered monitor can satisfy. A series scraped by a ServiceMonitor carries the
// target labels prometheus-operator gives it (namespace, service, job, endpoint, pod, container,
// instance) and whatever the service exports; a rule that matches a target label on a value no
// monitor produces — a namespace rendered here that nothing scrapes, a service or port no
// ServiceMonitor of the namespace selects — or on a label other scrape setups add but these
// monitors never do (app, deployment, kubernetes_namespace …) selects nothing, and its alert never
// fires. Istio's metrics carry a known label set. Series of other exporters (kube-state-metrics,
// cAdvisor, node, Envoy's own) and recorded series are not checked.
import type { KubeObject } from "../../constructs/synth.js";
import { matcherText } from "../../spec/series-selector.js";
import type { Json } from "../policy/rule.js";
import type { SeriesSelector } from "../promql/expression.js";
import { promqlEntries } from "../promql/rule-entries.js";
import { readRule } from "../promql/rule-reading.js";
import { FOREIGN_TARGET_LABELS, ISTIO_LABELS, labelsChecked } from "../promql/target-labels.js";
import type { CrossObjectRule, CrossObjectViolation, ObjectIndex } from "./object-index.js";

interface Scraped {
  /** Services a ServiceMonitor selects, and the ports its endpoints name. */
  readonly services: ReadonlySet<string>;
  readonly ports: ReadonlySet<string>;
  /** Whether a PodMonitor scrapes pods here too (its series carry a job of their own). */
  readonly pods: boolean;
  /** Whether job is the Service's name: no ServiceMonitor takes it from a label (jobLabel). */
  readonly jobIsService: boolean;
}

function scrapedIn(index: ObjectIndex, namespace: string): Scraped | undefined {
  const watching = (kind: string) =>
    index.ofKind(kind).filter((monitor) => {
      const names = ((monitor.spec as Json | undefined)?.namespaceSelector as Json | undefined)?.matchNames as string[] | undefined;
      return names === undefined ? (monitor.metadata.namespace ?? "default") === namespace : names.includes(namespace);
    });
  const serviceMonitors = watching("ServiceMonitor");
  const podMonitors = watching("PodMonitor");
  if (serviceMonitors.length === 0 && podMonitors.length === 0) return undefined;
  const services = serviceMonitors.flatMap((monitor) => index.labeled("Service", namespace, (monitor.spec as Json).selector).map((service) => service.metadata.name));
  const ports = [...serviceMonitors.flatMap((monitor) => ((monitor.spec as Json).endpoints as Json[] | undefined) ?? []), ...podMonitors.flatMap((monitor) => ((monitor.spec as Json).podMetricsEndpoints as Json[] | undefined) ?? [])];
  return {
    services: new Set(services),
    ports: new Set(ports.flatMap((endpoint) => (typeof endpoint?.port === "string" ? [endpoint.port] : []))),
    pods: podMonitors.length > 0,
    jobIsService: serviceMonitors.every((monitor) => (monitor.spec as Json).jobLabel === undefined),
  };
}

/** Why a selector selects nothing, or undefined. */
function unmatched(selector: SeriesSelector, index: ObjectIndex, scraped: (namespace: string) => Scraped | undefined, watched: boolean): string | undefined {
  const { metric } = selector;
  if (!labelsChecked(metric)) return undefined;
  const equal = (label: string) => selector.matchers.find((matcher) => matcher.label === label && matcher.op === "=")?.value;
  const shown = () => `${metric}{${matcherText(selector.matchers)}}`;
  if (metric.startsWith("istio_")) {
    const unknown = selector.matchers.find(({ label }) => !ISTIO_LABELS.has(label));
    return unknown === undefined ? undefined : `${shown()} matches on ${unknown.label}, which Istio's metrics do not carry`;
  }
  if (!watched) return undefined;
  const foreign = selector.matchers.find(({ label }) => FOREIGN_TARGET_LABELS.includes(label));
  if (foreign !== undefined) return `${shown()} matches on ${foreign.label}, a target label prometheus-operator's monitors never add (theirs: namespace, service, job, endpoint, pod, container)`;
  const namespace = equal("namespace");
  if (namespace === undefined || !index.hasNamespace(namespace)) return undefined;
  const here = scraped(namespace);
  if (here === undefined) return `${shown()}: no ServiceMonitor or PodMonitor scrapes namespace ${namespace}, so no series has namespace="${namespace}"`;
  // A PodMonitor's series have no service label, and a job of their own.
  for (const label of here.jobIsService && !here.pods ? ["service", "job"] : ["service"]) {
    const value = equal(label);
    if (value !== undefined && !here.services.has(value)) {
      return `${shown()}: no ServiceMonitor in ${namespace} selects a Service ${value} (they scrape ${[...here.services].sort().join(", ") || "none"})`;
    }
  }
  const port = equal("endpoint");
  if (port !== undefined && !here.ports.has(port)) return `${shown()}: no monitor in ${namespace} scrapes a port named ${port} (they scrape ${[...here.ports].sort().join(", ")})`;
  return undefined;
}

export const promqlLabelRules: readonly CrossObjectRule[] = [
  {
    id: "xo/promql-labels",
    severity: "warning",
    fix: "match on labels the series carry: a ServiceMonitor's series have namespace, service (= job), endpoint (the port name), pod and container; check the value against the monitors rendered here",
    check: (index) => {
      const watched = index.ofKind("ServiceMonitor").length + index.ofKind("PodMonitor").length > 0;
      const cache = new Map<string, Scraped | undefined>();
      const scraped = (namespace: string) => {
        if (!cache.has(namespace)) cache.set(namespace, scrapedIn(index, namespace));
        return cache.get(namespace);
      };
      const holders: KubeObject[] = [...index.ofKind("PrometheusRule"), ...index.ofKind("ScaledObject")];
      return holders.flatMap((object): CrossObjectViolation[] =>
        promqlEntries(object as Json).flatMap(({ rule, path, name }) =>
          (readRule(rule).selectors ?? []).flatMap((selector) => {
            const problem = unmatched(selector, index, scraped, watched);
            return problem === undefined ? [] : [{ object, path, message: `${name}: ${problem}` }];
          }),
        ),
      );
    },
  },
];
