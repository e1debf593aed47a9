// slipway diff: rendered files changed against a base revision, grouped per environment.
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
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
  // A committed change (an image bump and a replica drop), an uncommitted one, a deletion and an untracked new file.
  const path = join(repo, "dist/production/ai-api/deployment-auth-service.yaml");
  const deployment = yaml.load(await readFile(path, "utf8")) as any;
  deployment.spec.replicas = 1;
  deployment.spec.template.spec.containers[0].image = deployment.spec.template.spec.containers[0].image.replace(":2.7.3", ":2.8.0");
  await writeFile(path, yaml.dump(deployment));
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
    expect(diffText("HEAD~1", diff)).toContain("    deleted  Service ai-api-dev/auth-service  (ai-api-dev/service-auth-service.yaml)");
  });

  it("prints the risk flags first, then each environment's changes by service, then its files", () => {
    const markdown = diffMarkdown("origin/main", diff);
    const lines = markdown.split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "### Rendered changes against `origin/main`",
      "",
      "#### Review first (2)",
      "",
      "- **availability** · production · `auth-service`: Deployment ai-api/auth-service replicas 3 → 1",
      "- **deletion** · dev · `auth-service`: 1 object deleted: Service ai-api-dev/auth-service",
    ]);
    expect(markdown).toContain("#### production\n\n- `auth-service` image 2.7.3 → 2.8.0\n- `auth-service` replicas 3 → 1\n");
    const text = diffText("origin/main", diff);
    expect(text.split("\n").slice(0, 3)).toEqual([
      "review first: 2 change(s) widen access, lower availability, delete objects or touch RBAC or Pod Security",
      "  [availability] production: Deployment ai-api/auth-service replicas 3 → 1",
      "  [deletion] dev: 1 object deleted: Service ai-api-dev/auth-service",
    ]);
  });

  it("renders markdown for a pull request comment, and says so when nothing changed", async () => {
    const markdown = diffMarkdown("origin/main", diff);
    expect(markdown).toContain("### Rendered changes against `origin/main`");
    expect(markdown).toContain("#### dev\n\n- `auth-service` deleted Service ai-api-dev/auth-service\n- `new` added ConfigMap ai-api-dev/new\n\n<details><summary>2 file(s) — 1 added, 1 deleted</summary>");
    expect(markdown).toContain("#### argocd\n\n<details><summary>1 file(s) — 1 modified</summary>");
    expect(markdown).toContain("| added | ConfigMap ai-api-dev/new | `ai-api-dev/configmap-new.yaml` |");
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "-m", "All");
    expect(diffMarkdown("HEAD", await renderedDiff({ base: "HEAD", outdir: "dist", cwd: repo }))).toContain("No rendered file changed.");
  });
});
