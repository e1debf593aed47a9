// A kustomization directory is validated as what `kubectl apply -k` applies there: built with
// kubectl kustomize when it is on PATH (patches applied, bases included, names prefixed), else the
// files its resources name as written, its patch files left out with a notice.
import { describe, expect, it } from "vitest";
import { toolError } from "../../cli/manifest-tools.js";
import { validateManifests } from "../../cli/validate.js";
import { runCli } from "../support/cli.js";
import { toolAvailable } from "../support/render.js";
import { NO_TOOLS, restorePathAfterEach } from "../support/tool-path.js";

const LAYOUTS = "test/fixtures/kustomize/layouts";
const BROKEN = "test/fixtures/kustomize/broken";
const hasKubectl = toolAvailable("kubectl", ["version", "--client"]);

interface Report {
  readonly findings: { readonly rule: string; readonly object: string; readonly file: string; readonly line?: number; readonly environment: string }[];
  readonly notices: string[];
  readonly summary: { readonly objects: number; readonly environments: number };
}

async function validate(...args: string[]): Promise<{ code: number; report: Report }> {
  const run = await runCli("validate", "--format", "json", ...args);
  return { code: run.code, report: JSON.parse(run.stdout) as Report };
}

restorePathAfterEach();

async function withoutPath<T>(run: () => Promise<T>): Promise<T> {
  process.env.PATH = NO_TOOLS;
  return run();
}

describe.runIf(hasKubectl)("a kustomization, built", () => {
  it("is each overlay, with its base, its namespace, its name prefix and its patches applied", async () => {
    const { code, report } = await validate(LAYOUTS);
    expect(report.summary).toMatchObject({ environments: 2, objects: 5 });
    // Production's patch makes the root filesystem read-only; staging keeps the base's warning, on the base's line.
    expect(report.findings.map(({ rule, object, file, line, environment }) => ({ rule, object, file, line, environment }))).toEqual([
      { rule: "hygiene/read-only-root-filesystem", object: "Deployment/shop-staging/staging-web", file: "../../base/deployment.yaml", line: 46, environment: `${LAYOUTS}/overlays/staging` },
    ]);
    expect(report.notices).toEqual([`${LAYOUTS}/overlays/production/notes.yaml: in a kustomization directory but not among its resources or patches: not validated (kubectl apply -k does not apply it)`]);
    expect(code).toBe(0);
  });

  it("names the base file in text output, not a path through the overlay", async () => {
    const run = await runCli("validate", LAYOUTS);
    expect(run.stdout).toContain(`warning: ${LAYOUTS}/base/deployment.yaml:46:11: Deployment/shop-staging/staging-web `);
  });

  it("that does not build is an input/kustomize error", async () => {
    const { code, report } = await validate(BROKEN);
    expect(report.findings).toEqual([expect.objectContaining({ rule: "input/kustomize", file: "kustomization.yaml", message: expect.stringMatching(/^kubectl kustomize .* failed: accumulating resources/) })]);
    expect(code).toBe(1);
  });

  it("locates a prefixed object in the file it came from (kube-linter's kustomize fixture)", async () => {
    const { report } = await validate("test/fixtures/realworld/kube-linter/tests/testdata/mykustomize", "--rules", "pss/privilege-escalation");
    expect(report.findings).toEqual([expect.objectContaining({ object: "Deployment/kustomize-test-deployment", file: "base/deployment.yaml", line: 18 })]);
  });
});

describe("a kustomization, read", () => {
  it("is the files its resources name, patch files left out, with a notice", async () => {
    const { code, report } = await validate(LAYOUTS, "--kustomize", "read");
    expect(report.summary).toMatchObject({ environments: 2, objects: 6 });
    // The patch files (a partial Deployment, a `$patch: delete`) are not objects: no schema finding on them.
    expect([...new Set(report.findings.map(({ rule }) => rule))]).toEqual(["hygiene/read-only-root-filesystem"]);
    expect(report.notices).toContain(`${LAYOUTS}/overlays/production: read with --kustomize read: the files its resources name are validated as written; its 1 patch file(s) are not applied`);
    expect(code).toBe(0);
  });

  it("is what auto does without kubectl or kustomize on PATH", async () => {
    const result = await withoutPath(() => validateManifests({ paths: [LAYOUTS], profile: "restricted" }));
    expect(result.objects).toBe(6);
    expect(result.notices).toContain(`${LAYOUTS}/overlays/staging: neither kubectl nor kustomize is on PATH: the files its resources name are validated as written; its 1 patch file(s) are not applied`);
  });

  it("reports a resource that does not exist", async () => {
    const { code, report } = await validate(BROKEN, "--kustomize", "read");
    expect(report.findings).toEqual([expect.objectContaining({ rule: "input/kustomize", file: "kustomization.yaml", message: "names deployment.yaml, which does not exist" })]);
    expect(code).toBe(1);
  });

  it("--kustomize build without the tools is a usage error", async () => {
    await expect(withoutPath(() => validateManifests({ paths: [LAYOUTS], profile: "restricted", kustomize: "build" }))).rejects.toThrow("--kustomize build needs kubectl or kustomize on PATH");
    expect(await runCli("validate", LAYOUTS, "--kustomize", "sometimes")).toMatchObject({ code: 2, stderr: expect.stringContaining("--kustomize must be auto, build or read, not sometimes") });
  });
});

describe("toolError", () => {
  it("reads kubectl's klog line, kustomize's and helm's error lines", () => {
    expect(toolError('E1130 04:51:34.159946   19811 run.go:72] "command failed" err="accumulating resources: \\"web\\" not found"\n')).toBe('accumulating resources: "web" not found');
    expect(toolError("some warning\nerror: no kustomization file\n")).toBe("no kustomization file");
    expect(toolError("Error: An error occurred while checking for chart dependencies\n")).toBe("An error occurred while checking for chart dependencies");
  });
});
