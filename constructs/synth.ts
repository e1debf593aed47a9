// Synthesis into memory: the chart's objects as plain JSON, nothing written.
import { App } from "cdk8s";
import { buildGraph, type ServiceGraph } from "../spec/graph.js";
import type { EnvironmentSpec } from "../spec/index.js";
import { PlatformChart } from "./platform-chart.js";

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * Services per part in synthEnvironmentParts: small enough that a part's objects and constructs
 * are collected young, large enough that each part's chart costs nothing.
 */
export const SERVICES_PER_PART = 25;

/**
 * One of `count` even shares of an environment's objects, which threads render side by side: the
 * namespaces' objects are in shard 0, the services are split in their graph order.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export const WHOLE_ENVIRONMENT: Shard = { index: 0, count: 1 };

export function synthEnvironment(environment: EnvironmentSpec, graph: ServiceGraph = buildGraph(environment)): KubeObject[] {
  return [...synthEnvironmentParts(environment, graph)].flat();
}

/**
 * A shard of the environment's objects in parts — the namespaces' objects, then the services' in
 * groups of `servicesPerPart` — each synthesized from a chart of its own, so a caller that is done
 * with one part before it asks for the next never holds the whole environment.
 */
export function* synthEnvironmentParts(environment: EnvironmentSpec, graph: ServiceGraph = buildGraph(environment), shard: Shard = WHOLE_ENVIRONMENT, servicesPerPart = SERVICES_PER_PART): Generator<KubeObject[]> {
  const chart = (services: readonly string[], namespaces: boolean) =>
    new PlatformChart(new App(), environment.name, { environment, graph, services, namespaces }).toJson() as KubeObject[];
  if (shard.index === 0) yield chart([], true);
  const all = [...graph.nodes.keys()];
  const services = all.slice(Math.floor((all.length * shard.index) / shard.count), Math.floor((all.length * (shard.index + 1)) / shard.count));
  for (let start = 0; start < services.length; start += servicesPerPart) yield chart(services.slice(start, start + servicesPerPart), false);
}
