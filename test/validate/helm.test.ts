// A Helm chart among the manifests is rendered with `helm template` when helm is on PATH. helm is
// not installable on the machines this project is built on (no Debian or npm package), so these
// tests put a stand-in `helm` on PATH: it records its arguments and prints what helm template
// prints for a chart (a `# Source:` comment above each document), or fails as helm fails.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { releaseName, templateSources } from "../../cli/helm-charts.js";
import { validateManifests } from "../../cli/validate.js";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";
import { NO_TOOLS, restorePathAfterEach } from "../support/tool-path.js";

const RENDERED = `---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: false
---
# Source: web/charts/cache/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-cache
spec:
  selector:
    matchLabels: { app: cache }
  template:
    metadata:
      labels: { app: cache }
    spec:
      serviceAccountName: web
      containers:
        - name: cache
          image: registry.example.com/cache:7.2.4
          securityContext:
            privileged: true
`;

const savedPath = restorePathAfterEach();

/** A directory holding a chart, and a stand-in helm on PATH that prints `output` (or fails with `error`). */
async function chartWithHelm(behaviour: { output: string } | { error: string }): Promise<{ directory: string; calls: () => Promise<string> }> {
  const directory = await temporaryDirectory();
  const bin = join(directory, "bin");
  await mkdir(join(directory, "charts", "Web_Chart", "templates"), { recursive: true });
  await mkdir(bin);
  await writeFile(join(directory, "charts", "Web_Chart", "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
  await writeFile(join(directory, "charts", "Web_Chart", "templates", "deployment.yaml"), "metadata:\n  name: {{ .Release.Name }}\n");
  const print = "output" in behaviour ? `cat <<'RENDERED'\n${behaviour.output}RENDERED\n` : `echo '${behaviour.error}' >&2\nexit 1\n`;
  await writeFile(join(bin, "helm"), `#!/bin/sh\necho "$@" >> "${join(directory, "calls")}"\n${print}`);
  await chmod(join(bin, "helm"), 0o755);
  process.env.PATH = `${bin}:${savedPath}`;
  return { directory, calls: () => readFile(join(directory, "calls"), "utf8") };
}

describe("a Helm chart, with helm on PATH", () => {
  it("is rendered with its default values, each object attributed to its template", async () => {
    const { directory, calls } = await chartWithHelm({ output: RENDERED });
    const chart = join(directory, "charts", "Web_Chart");
    const result = await validateManifests({ paths: [directory], profile: "restricted", selection: { rules: ["pss/privileged", "xo"] } });
    expect(await calls()).toBe(`template web-chart ${chart}\n`);
    expect(result.objects).toBe(2);
    expect(result.notices).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({ rule: "pss/privileged", object: "Deployment/web-cache", file: "charts/cache/templates/deployment.yaml" })]);
    expect(result.findings[0]!.line).toBeUndefined();
  });

  it("that does not render is an input/helm error at its Chart.yaml", async () => {
    const { directory } = await chartWithHelm({ error: "Error: found in Chart.yaml, but missing in charts/ directory: common" });
    const run = await runCli("validate", directory, "--format", "json");
    const report = JSON.parse(run.stdout) as { findings: { rule: string; file: string; message: string }[] };
    expect(report.findings).toEqual([expect.objectContaining({ rule: "input/helm", file: "Chart.yaml", message: expect.stringMatching(/^helm template .*Web_Chart failed: found in Chart\.yaml, but missing in charts\/ directory: common$/) })]);
    expect(run.code).toBe(1);
  });

  it("is skipped under --helm skip", async () => {
    const { directory, calls } = await chartWithHelm({ output: RENDERED });
    const result = await validateManifests({ paths: [directory], profile: "restricted", helm: "skip" });
    expect(result.objects).toBe(0);
    expect(result.notices).toEqual([expect.stringMatching(/Web_Chart: a Helm chart \(Chart\.yaml\): its templates are not manifests until rendered; skipped \(--helm skip; /)]);
    await expect(calls()).rejects.toThrow();
  });
});

describe("a Helm chart, without helm", () => {
  it("is skipped with a notice saying why; --helm template is a usage error", async () => {
    const { directory } = await chartWithHelm({ output: RENDERED });
    process.env.PATH = NO_TOOLS;
    const result = await validateManifests({ paths: [directory], profile: "restricted" });
    expect(result.notices).toEqual([expect.stringContaining("skipped (helm is not on PATH; validate the output of helm template instead)")]);
    await expect(validateManifests({ paths: [directory], profile: "restricted", helm: "template" })).rejects.toThrow("--helm template needs helm on PATH");
  });
});

describe("helm's output", () => {
  it("names each document's template relative to the chart", () => {
    const at = templateSources(RENDERED);
    expect(at(4)).toBe("templates/serviceaccount.yaml");
    expect(at(12)).toBe("charts/cache/templates/deployment.yaml");
    expect(at(1)).toBeUndefined();
  });

  it("gets a release name helm accepts", () => {
    expect(releaseName("charts/Web_Chart")).toBe("web-chart");
    expect(releaseName("x".repeat(80))).toHaveLength(53);
  });
});
