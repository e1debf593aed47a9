// The CI workflow runs what the README promises: tests, synth, validate and the rendered diff on
// pull requests; the same and then a serialised publish on pushes to main.
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";

type Json = Record<string, any>;
const workflow = yaml.load(readFileSync(".github/workflows/slipway.yaml", "utf8")) as Json;
const runs = (job: string) => (workflow.jobs[job].steps as Json[]).flatMap((step) => (step.run === undefined ? [] : [String(step.run)]));

describe(".github/workflows/slipway.yaml", () => {
  it("runs on pull requests, on pushes to main, and by hand (to publish an environment's removal)", () => {
    expect(workflow.on).toMatchObject({ pull_request: null, push: { branches: ["main"] } });
    expect(Object.keys(workflow.on)).toEqual(["pull_request", "push", "workflow_dispatch"]);
  });

  it("lets publish remove an environment's folder only when the workflow is run by hand naming it", () => {
    expect(workflow.on.workflow_dispatch.inputs.remove).toMatchObject({ required: false, default: "" });
    const publish = (workflow.jobs.publish.steps as Json[]).find((step) => String(step.run).includes("slipway publish"))!;
    expect(publish.env).toEqual({ REMOVE: "${{ inputs.remove }}" });
    expect(publish.run).toContain('for name in $REMOVE; do remove+=(--remove "$name"); done');
    expect(publish.run).toContain('npx slipway publish --repo "${{ vars.GITOPS_REPOSITORY }}" "${remove[@]}"');
    expect(readFileSync("README.md", "utf8")).toContain("naming it in the `remove` input");
  });

  it("verifies every change: npm ci, npm test (which includes slipway check), synth, validate, and the diff on pull requests", () => {
    const commands = runs("verify").join("\n");
    for (const command of ["npm ci", "npm test", "npm run synth", "npx slipway validate dist/ argocd/", "npx slipway diff --base"]) expect(commands).toContain(command);
    expect(JSON.parse(readFileSync("package.json", "utf8")).scripts.test).toMatch(/slipway\.js check$/);
    const diff = (workflow.jobs.verify.steps as Json[]).find((step) => String(step.run).includes("slipway diff"))!;
    // Once per pull request: from the Node 24 leg of the matrix, which runs every supported line.
    expect(diff.if).toBe("github.event_name == 'pull_request' && matrix.node == 24");
    expect(workflow.jobs.verify.strategy.matrix.node).toEqual([22, 24]);
    expect((workflow.jobs.verify.steps as Json[]).find((step) => step.uses === "actions/setup-node@v4")!.with["node-version"]).toBe("${{ matrix.node }}");
    expect(workflow.jobs.verify.steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
  });

  it("publishes only from main, after verify, one run at a time, with full history for the ancestry check", () => {
    const publish = workflow.jobs.publish;
    expect(publish.if).toBe("(github.event_name == 'push' || github.event_name == 'workflow_dispatch') && github.ref == 'refs/heads/main'");
    expect(publish.needs).toBe("verify");
    expect(publish.concurrency).toEqual({ group: "slipway-publish", "cancel-in-progress": false });
    expect(publish.steps[0]).toMatchObject({ uses: "actions/checkout@v4", with: { "fetch-depth": 0 } });
    expect(runs("publish").join("\n")).toContain("npx slipway publish --repo");
    expect(JSON.stringify(publish)).toContain("secrets.GITOPS_DEPLOY_KEY");
  });
});
