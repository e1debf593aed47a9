// Helm charts in validate's input (a directory holding Chart.yaml): rendered with `helm template`
// and the chart's own values when helm is on PATH, else skipped with a notice — a template is not a
// manifest until it is rendered.
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { KubeObject } from "../constructs/synth.js";
import { manifestDocuments } from "../spec/manifest-documents.js";
import { sourceLocators } from "../spec/source-positions.js";
import { executableOnPath } from "../validate/executable-on-path.js";
import { UsageError } from "./errors.js";
import { fileFinding, type ManifestGroup } from "./manifest-files.js";
import { runManifestTool, type ToolOutput } from "./manifest-tools.js";

export const HELM_MODES = ["auto", "template", "skip"] as const;

/** auto: render when helm is on PATH, else skip; template: always render (an error without helm); skip: never render. */
export type HelmMode = (typeof HELM_MODES)[number];

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

export function helmRenderer(mode: HelmMode): { tool?: string; why: string } {
  if (mode === "skip") return { why: "--helm skip" };
  const tool = helmTool();
  if (mode === "template" && tool === undefined) throw new UsageError("--helm template needs helm on PATH (or use --helm skip)");
  return tool === undefined ? { why: "helm is not on PATH" } : { tool, why: "" };
}

/** A chart rendered with its default values, each object attributed to the template it came from (lines are the rendered output's, so none is given). */
export async function readChart(helm: string, chart: string, environment: string, group: ManifestGroup): Promise<void> {
  const rendered = await renderChart(helm, chart);
  const chartFile = ["Chart.yaml", "Chart.yml"].find((name) => existsSync(join(chart, name))) ?? "Chart.yaml";
  if (!rendered.ok) {
    group.findings.push({ environment, file: chartFile, ...fileFinding("input/helm", rendered.message, "make the chart render (helm dependency build fetches missing subcharts)") });
    return;
  }
  const { objects, origins, problems } = manifestDocuments(rendered.text, { generateName: true, unnamed: true });
  for (const problem of problems) group.findings.push({ environment, file: chartFile, ...fileFinding("input/helm", `the rendered output: ${problem.message}`, "fix the template so that it renders valid manifests") });
  const locators = sourceLocators(rendered.text);
  const templateAt = templateSources(rendered.text);
  for (const [index, object] of objects.entries()) {
    const { document, prefix } = origins[index]!;
    const line = locators[document]?.(prefix, "").line;
    group.objects.push({ object: object as KubeObject, file: (line === undefined ? undefined : templateAt(line)) ?? chartFile });
  }
}
