// Helm charts in validate's input (a directory holding Chart.yaml): rendered with `helm template`
// and the chart's own values when helm is on PATH, else skipped with a notice — a template is not a
// manifest until it is rendered.
import { basename, resolve } from "node:path";
import { executableOnPath } from "../validate/executable-on-path.js";
import { runManifestTool, type ToolOutput } from "./manifest-tools.js";

/** auto: render when helm is on PATH, else skip; template: always render (an error without helm); skip: never render. */
export type HelmMode = "auto" | "template" | "skip";

export const HELM_MODES: readonly HelmMode[] = ["auto", "template", "skip"];

export function helmTool(): string | undefined {
  return executableOnPath("helm");
}

/** A release name helm accepts (lower-case letters, digits and '-', at most 53), from the chart's directory. */
export function releaseName(chart: string): string {
  const name = basename(resolve(chart)).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 53);
  return name === "" ? "release" : name;
}

/** The chart rendered with its default values, as `helm install` would render it. */
export function renderChart(helm: string, chart: string): Promise<ToolOutput> {
  return runManifestTool(helm, ["template", releaseName(chart), chart], `helm template ${chart}`);
}

/**
 * The template each line of helm's output came from: helm writes `# Source: <chart>/templates/x.yaml`
 * above every document. The path returned is relative to the chart (`templates/x.yaml`,
 * `charts/<subchart>/templates/x.yaml`).
 */
export function templateSources(text: string): (line: number) => string | undefined {
  const sources: { line: number; template: string }[] = [];
  text.split("\n").forEach((content, index) => {
    const source = /^# Source: [^/]+\/(.+?)\s*$/.exec(content);
    if (source !== null) sources.push({ line: index + 1, template: source[1]! });
  });
  return (line) => sources.findLast((source) => source.line <= line)?.template;
}
