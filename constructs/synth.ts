// Synthesis into memory: the chart's objects as plain JSON, nothing written.
import { App } from "cdk8s";
import { PlatformChart } from "./platform-chart.js";
import type { EnvironmentSpec } from "../spec/index.js";

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export function synthEnvironment(environment: EnvironmentSpec): KubeObject[] {
  const chart = new PlatformChart(new App(), environment.name, { environment });
  return chart.toJson() as KubeObject[];
}
