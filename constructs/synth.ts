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

export function synthEnvironment(environment: EnvironmentSpec, graph: ServiceGraph = buildGraph(environment)): KubeObject[] {
  const chart = new PlatformChart(new App(), environment.name, { environment, graph });
  return chart.toJson() as KubeObject[];
}
