// slipway diff: rendered files changed against a base revision, grouped per environment.
import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { diffMarkdown, diffText, type EnvironmentDiff, renderedDiff } from "../../cli/diff.js";
import { temporaryDirectory } from "../support/files.js";
import { git } from "../support/git-repos.js";

let repo: string;
let diff: EnvironmentDiff[];

beforeAll(async () => {
  repo = await temporaryDirectory();
  await cp("dist", join(repo, "dist"), { recursive: true });
  await cp("argocd", join(repo, "argocd"), { recursive: true });
  git(repo, "init", "--quiet", "--initial-branch=main");
  git(repo, "add", ".");
  git(repo, "commit", "--quiet", "-m", "Rendered");
  // A committed change, an uncommitted one, a deletion and an untracked new file.
  await writeFile(join(repo, "dist/production/ai-api/deployment-auth-service.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: auth-service, namespace: ai-api }\n");
  git(repo, "commit", "--quiet", "-am", "Change");
  await writeFile(join(repo, "argocd/README.md"), "changed\n");
  await rm(join(repo, "dist/dev/ai-api-dev/service-auth-service.yaml"));
  await writeFile(join(repo, "dist/dev/ai-api-dev/configmap-new.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: new, namespace: ai-api-dev }\n");
  diff = await renderedDiff({ base: "HEAD~1", outdir: "dist", cwd: repo });
});

describe("slipway diff", () => {
  it("groups changes per environment with the object each file holds", () => {
    const summary = diff.map(({ name, files }) => [name, files.map((file) => `${file.change} ${file.path}`)]);
    expect(summary).toEqual([
      ["argocd", ["modified README.md"]],
      ["dev", ["added ai-api-dev/configmap-new.yaml", "deleted ai-api-dev/service-auth-service.yaml"]],
      ["production", ["modified ai-api/deployment-auth-service.yaml"]],
    ]);
    expect(diffText("HEAD~1", diff)).toContain("deleted  Service ai-api-dev/auth-service  (ai-api-dev/service-auth-service.yaml)");
  });

  it("renders markdown for a pull request comment, and says so when nothing changed", async () => {
    const markdown = diffMarkdown("origin/main", diff);
    expect(markdown).toContain("### Rendered changes against `origin/main`");
    expect(markdown).toContain("<b>dev</b>: 2 file(s) — 1 added, 1 deleted");
    expect(markdown).toContain("| added | ConfigMap ai-api-dev/new | `ai-api-dev/configmap-new.yaml` |");
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "-m", "All");
    expect(diffMarkdown("HEAD", await renderedDiff({ base: "HEAD", outdir: "dist", cwd: repo }))).toContain("No rendered file changed.");
  });
});
