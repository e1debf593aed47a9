// slipway publish against real git repositories: local bare output repositories, a source
// repository whose commits change the config.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { publishCommand } from "../../cli/publish.js";
import { inMemory, render } from "../../cli/render.js";
import { slipwayVersion } from "../../cli/version.js";
import { PublishRefused } from "../../gitops/provenance.js";
import { runCli } from "../support/cli.js";
import { temporaryDirectory } from "../support/files.js";
import { bareRepository, git, publishedSources, sourceRepository, trailer, treeOf } from "../support/git-repos.js";

type Source = Awaited<ReturnType<typeof sourceRepository>>;
let source: Source;
let output: string;

const publishFrom = (config: string, extra: Partial<Parameters<typeof publishCommand>[0]> = {}) => publishCommand({ config, repo: output, next: false, dryRun: false, ...extra });
const commitCount = (ref = "main") => Number(git(output, "rev-list", "--count", ref));

/** What the output repository must hold for a config: every environment's files under <env>/, and argocd/. */
async function expectedTree(config: string): Promise<Map<string, string>> {
  const rendering = await render({ config, promtool: false });
  const outputs = [...rendering.environments.map(inMemory), { name: "argocd", files: rendering.argocd!.files }];
  return new Map(outputs.flatMap(({ name, files }) => [...files].map(([path, content]) => [`${name}/${path}`, content] as [string, string])).sort(([a], [b]) => (a < b ? -1 : 1)));
}

beforeEach(async () => {
  source = await sourceRepository();
  output = await bareRepository();
});

describe("slipway publish, folder layout", () => {
  it("first publish: one commit holding every environment's folder, with the provenance trailers", async () => {
    const result = await publishFrom(source.config);
    expect(result).toMatchObject({ status: "published", attempts: 1, layout: "folder" });
    expect(commitCount()).toBe(1);
    expect(treeOf(output, "main")).toEqual(await expectedTree(source.config));
    const head = git(source.dir, "rev-parse", "HEAD");
    expect(trailer(output, "main", "Source-Commit")).toBe(head);
    expect(trailer(output, "main", "Source-Repo")).toBe(source.dir);
    expect(trailer(output, "main", "Rendered-By")).toBe(`slipway ${slipwayVersion()}`);
    const message = git(output, "log", "-1", "--format=%B", "main");
    expect(message.split("\n")[0]).toBe(`Render argocd, dev, prod from ${head.slice(0, 12)}: Shop platform`);
    expect(message).toContain("  added    Application argocd/shop-argocd");
    expect(message).toMatch(/^dev: \d+ objects changed$/m);
    expect(message).toContain("  added    Deployment shop-dev/web");
  });

  it("publishing the same commit again, or a commit that changes no manifest, makes no commit", async () => {
    await publishFrom(source.config);
    expect(await publishFrom(source.config)).toMatchObject({ status: "unchanged", commits: [] });
    await writeFile(join(source.dir, "NOTES.md"), "Release notes, not config.\n");
    git(source.dir, "add", "NOTES.md");
    git(source.dir, "commit", "--quiet", "-m", "Notes");
    expect(await publishFrom(source.config)).toMatchObject({ status: "unchanged" });
    expect(commitCount()).toBe(1);
  });

  it("a change makes exactly one commit, touching only the changed objects' files", async () => {
    await publishFrom(source.config);
    const changed = await source.edit((config) => (config.services.cart.image.tag = "2.2.0"), "Cart 2.2.0");
    const result = await publishFrom(source.config);
    expect(result.status).toBe("published");
    expect(commitCount()).toBe(2);
    expect(trailer(output, "main", "Source-Commit")).toBe(changed);
    const files = git(output, "diff", "--name-status", "main~1", "main").split("\n");
    // The image tag is also the version label, so every object of cart changes, and nothing of web.
    expect(files.length).toBeGreaterThan(2);
    expect(files.every((line) => /\t(dev|prod)\/.*cart/.test(line) || /README\.md$/.test(line))).toBe(true);
    expect(files).toContain("M\tprod/shop/deployment-cart.yaml");
    expect(git(output, "log", "-1", "--format=%B", "main")).toContain("  modified Deployment shop/cart");
    expect(treeOf(output, "main")).toEqual(await expectedTree(source.config));
  });

  it("removes stale files and folders, and keeps files slipway did not write", async () => {
    await publishFrom(source.config);
    const work = join(await bareRepository(), "..", `work-${Date.now()}`);
    git(output, "clone", "--quiet", output, work);
    await writeFile(join(work, "README.md"), "# Shop deploy repository\n");
    git(work, "add", "README.md");
    git(work, "commit", "--quiet", "-m", "Describe the repository");
    git(work, "push", "--quiet", "origin", "main");

    await source.edit((config) => {
      config.services.web.dependsOn = [];
      delete config.services.cart;
      delete config.environments.prod;
    }, "Drop cart and prod");
    // The prod folder goes only when --remove names it; the output repository is left as it was.
    const tip = git(output, "rev-parse", "main");
    await expect(publishFrom(source.config)).rejects.toThrow(/^main of the output repository holds the output of prod, no longer an environment in the spec: .* run again with --remove prod, or declare it again$/);
    expect(git(output, "rev-parse", "main")).toBe(tip);
    await expect(publishFrom(source.config, { remove: ["dev"] })).rejects.toThrow("--remove dev: still an environment in the spec; delete it from the spec first");
    const result = await publishFrom(source.config, { remove: ["prod"] });
    expect(result.status).toBe("published");
    // The prod Application leaves argocd/, and publish says what that does in the clusters.
    expect(result.commits.map(({ removedEnvironments }) => removedEnvironments)).toEqual([["prod"]]);
    expect(result.removalNotices).toEqual([expect.stringMatching(/^environment prod is no longer in the spec: its Argo CD Application shop-prod .*\(argocd app delete shop-prod\)/)]);
    const tree = treeOf(output, "main");
    expect(tree.has("argocd/10-application-shop-prod.yaml")).toBe(false);
    expect([...tree.keys()].filter((path) => path.startsWith("prod/"))).toEqual([]);
    expect([...tree.keys()].filter((path) => path.includes("cart"))).toEqual([]);
    expect(tree.get("README.md")).toBe("# Shop deploy repository\n");
    expect(new Map([...tree].filter(([path]) => path !== "README.md"))).toEqual(await expectedTree(source.config));
    expect(git(output, "log", "-1", "--format=%B", "main")).toContain("  deleted  Deployment shop/cart");
  });

  it("refuses a source commit older than the last published one, leaving the repository as it was", async () => {
    const first = git(source.dir, "rev-parse", "HEAD");
    await source.edit((config) => (config.services.cart.replicas = 3), "Cart ×3");
    await publishFrom(source.config);
    const tip = git(output, "rev-parse", "main");
    const old = join(source.dir, "..", `old-${Date.now()}`);
    git(source.dir, "worktree", "add", "--quiet", "--detach", old, first);
    await expect(publishFrom(join(old, "slipway.yaml"))).rejects.toThrow(PublishRefused);
    await expect(publishFrom(join(old, "slipway.yaml"))).rejects.toThrow(/older than .* which is already published/);
    expect(git(output, "rev-parse", "main")).toBe(tip);
  });

  it("refuses to publish when the spec is invalid or the checkout has uncommitted changes; --dry-run pushes nothing", async () => {
    await writeFile(source.config, "platform: { name: shop }\nservices: { web: { image: { repository: web } } }\nenvironments: { dev: { namespaces: {} } }\n");
    const invalid = await runCli("publish", "--config", source.config, "--repo", output);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("the spec is invalid");
    git(source.dir, "checkout", "--quiet", "--", "slipway.yaml");

    await source.edit((config) => (config.services.cart.replicas = 3), "Cart ×3");
    await writeFile(join(source.dir, "scratch.txt"), "work in progress\n");
    await expect(publishFrom(source.config)).rejects.toThrow(/uncommitted changes.*\n.*scratch\.txt/);
    const dry = await runCli("publish", "--config", source.config, "--repo", output, "--dry-run");
    expect(dry).toMatchObject({ code: 0, stdout: expect.stringContaining("would commit to main of") });
    expect(dry.stdout).toContain("dry run: nothing was pushed");
    expect(git(output, "for-each-ref")).toBe("");
  });

  it("10 publishers started together from different source commits leave a linear history ending with the newest render", async () => {
    const commits: string[] = [];
    for (let index = 1; index <= 10; index++) commits.push(await source.edit((config) => (config.services.cart.image.tag = `2.1.${index}`), `Cart 2.1.${index}`));
    const worktrees = commits.map((sha, index) => {
      const directory = join(source.dir, "..", `${source.dir.split("/").pop()}-w${index}`);
      git(source.dir, "worktree", "add", "--quiet", "--detach", directory, sha);
      return join(directory, "slipway.yaml");
    });
    const results = await Promise.allSettled(worktrees.map((config) => publishFrom(config)));

    const published = results.flatMap((result) => (result.status === "fulfilled" && result.value.status === "published" ? [result.value] : []));
    const refused = results.filter((result) => result.status === "rejected");
    for (const failure of refused) {
      expect((failure as PromiseRejectedResult).reason, String((failure as PromiseRejectedResult).reason)).toBeInstanceOf(PublishRefused);
      expect(String((failure as PromiseRejectedResult).reason)).toMatch(/is older than [0-9a-f]{12}, which is already published/);
    }
    expect(published.length + refused.length).toBe(10);
    expect(git(output, "rev-list", "--min-parents=2", "main")).toBe("");
    const sources = publishedSources(output, "main");
    expect(sources.map((sha) => commits.indexOf(sha))).toEqual([...sources.map((sha) => commits.indexOf(sha))].sort((a, b) => a - b));
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources.at(-1)).toBe(commits.at(-1));
    for (const result of published) expect(git(output, "merge-base", "--is-ancestor", result.commits[0]!.sha, "main")).toBe("");
    expect(sources).toHaveLength(published.length);
    expect(treeOf(output, "main")).toEqual(await expectedTree(worktrees.at(-1)!));
    const attempts = published.map((result) => result.attempts);
    console.log(`concurrent publish: ${published.length} published (attempts ${attempts.join(",")}), ${refused.length} refused as older`);
  }, 120_000);

  it("an interrupted publish leaves the output repository unchanged", async () => {
    await publishFrom(source.config);
    await source.edit((config) => (config.services.cart.replicas = 3), "Cart ×3");
    const before = { refs: git(output, "for-each-ref"), objects: git(output, "count-objects", "-v") };
    await expect(publishFrom(source.config, { beforePush: () => Promise.reject(new Error("runner lost")) })).rejects.toThrow("runner lost");
    expect({ refs: git(output, "for-each-ref"), objects: git(output, "count-objects", "-v") }).toEqual(before);
    expect((await publishFrom(source.config)).status).toBe("published");
  });
});

describe("slipway publish, branch layout", () => {
  it("writes one environment/<env> branch per environment, each with its files at the root and hydrator.metadata, and argocd/ on the argocd branch", async () => {
    const result = await publishFrom(source.config, { layout: "branch" });
    expect(result.status).toBe("published");
    expect(git(output, "for-each-ref", "--format=%(refname)")).toBe("refs/heads/argocd\nrefs/heads/environment/dev\nrefs/heads/environment/prod");
    const argocd = treeOf(output, "argocd");
    argocd.delete("hydrator.metadata");
    expect(argocd).toEqual(new Map((await render({ config: source.config, promtool: false })).argocd!.files));
    const head = git(source.dir, "rev-parse", "HEAD");
    const rendering = await render({ config: source.config, promtool: false });
    for (const { name, files } of rendering.environments.map(inMemory)) {
      const tree = treeOf(output, `environment/${name}`);
      const metadata = JSON.parse(tree.get("hydrator.metadata")!);
      expect(metadata).toEqual({ drySha: head, repoURL: source.dir, author: expect.stringMatching(/ <.*>$/), date: expect.any(String), subject: "Shop platform" });
      tree.delete("hydrator.metadata");
      expect(tree).toEqual(new Map(files));
      expect(trailer(output, `environment/${name}`, "Source-Commit")).toBe(head);
    }
  });

  it("--next writes the environment/<env>-next staging branches; a new source commit with no manifest change makes no commit", async () => {
    await publishFrom(source.config, { layout: "branch", next: true });
    expect(git(output, "for-each-ref", "--format=%(refname)")).toBe("refs/heads/environment/dev-next\nrefs/heads/environment/prod-next");
    await writeFile(join(source.dir, "NOTES.md"), "notes\n");
    git(source.dir, "add", "NOTES.md");
    git(source.dir, "commit", "--quiet", "-m", "Notes");
    expect(await publishFrom(source.config, { layout: "branch", next: true })).toMatchObject({ status: "unchanged" });
    await source.edit((config) => (config.environments.prod.services = { cart: { replicas: 4 } }), "Prod cart ×4");
    const result = await publishFrom(source.config, { layout: "branch", next: true });
    expect(result.commits.map(({ branch }) => branch)).toEqual(["environment/prod-next"]);
    expect(JSON.parse(treeOf(output, "environment/prod-next").get("hydrator.metadata")!).drySha).toBe(git(source.dir, "rev-parse", "HEAD"));
    expect(Number(git(output, "rev-list", "--count", "environment/dev-next"))).toBe(1);
  });

  it("rejects --next without the branch layout", async () => {
    expect(await runCli("publish", "--config", source.config, "--repo", output, "--next")).toMatchObject({ code: 2, stderr: expect.stringContaining("--next needs the branch layout") });
  });
});

/** A commit to the output repository by hand: `path` under `ref` rewritten by `change` (or deleted when it returns undefined). */
async function editByHand(ref: string, path: string, change: (content: string) => string | undefined): Promise<void> {
  const clone = await temporaryDirectory("slipway-hand-edit-");
  git(clone, "clone", "--quiet", "--branch", ref, output, ".");
  const file = join(clone, path);
  const changed = change(await readFile(file, "utf8"));
  if (changed === undefined) git(clone, "rm", "--quiet", path);
  else await writeFile(file, changed);
  git(clone, "-c", "user.name=someone", "-c", "user.email=someone@example.com", "commit", "--quiet", "-am", "Hotfix straight in the output repository");
  git(clone, "push", "--quiet", "origin", ref);
}

describe("slipway publish, a hand edit in the output repository", () => {
  const deployment = "dev/shop-dev/deployment-web.yaml";
  const service = "dev/shop-dev/service-web.yaml";

  it("is reported and repaired by publishing the same source again: a commit restoring the render", async () => {
    await publishFrom(source.config);
    await editByHand("main", deployment, (content) => content.replace("ghcr.io/acme/web:1.0.0", "ghcr.io/acme/web:1.0.1-hotfix"));
    await editByHand("main", service, () => undefined);
    const head = git(source.dir, "rev-parse", "HEAD");
    // The last commit (the hand edit) carries no Source-Commit: the newest that does still names this source.
    expect(publishedSources(output, "main")).toEqual([head]);

    const run = await runCli("publish", "--config", source.config, "--repo", output);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`slipway: main of ${output} claimed the render of ${head.slice(0, 12)} but 2 file(s) differed (edited in the output repository?): restored`);
    expect(run.stdout).toMatch(/^slipway publish: repaired [0-9a-f]{12} on main of /);
    expect(treeOf(output, "main")).toEqual(await expectedTree(source.config));
    const message = git(output, "log", "-1", "--format=%B", "main");
    expect(message.split("\n")[0]).toBe(`Repair dev: restore the render of ${head.slice(0, 12)} (files changed by hand)`);
    expect(message).toContain("  modified Deployment shop-dev/web");
    expect(message).toContain("  added    Service shop-dev/web");
    expect(trailer(output, "main", "Source-Commit")).toBe(head);
    expect(commitCount()).toBe(4);
    // Repaired, the branch holds the render again: nothing more to publish.
    expect(await publishFrom(source.config)).toMatchObject({ status: "unchanged" });
  });

  it("is refused with --no-repair, naming the files, and the output repository is left as it is", async () => {
    await publishFrom(source.config);
    await editByHand("main", deployment, (content) => content.replace("ghcr.io/acme/web:1.0.0", "ghcr.io/acme/web:1.0.1-hotfix"));
    const before = git(output, "rev-parse", "main");
    const run = await runCli("publish", "--config", source.config, "--repo", output, "--no-repair");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`slipway: publish refused: main says it holds the render of ${git(source.dir, "rev-parse", "HEAD").slice(0, 12)}, but 1 file(s) differ from it (edited in the output repository?): ${deployment}; publish without --no-repair restores the render`);
    expect(git(output, "rev-parse", "main")).toBe(before);
  });

  it("on an environment branch (branch layout) is repaired the same way", async () => {
    await publishFrom(source.config, { layout: "branch" });
    await editByHand("environment/dev", "shop-dev/deployment-web.yaml", (content) => content.replace("ghcr.io/acme/web:1.0.0", "ghcr.io/acme/web:1.0.1-hotfix"));
    const result = await publishFrom(source.config, { layout: "branch" });
    expect(result.commits.map(({ branch, repair }) => ({ branch, repair }))).toEqual([{ branch: "environment/dev", repair: true }]);
    expect(treeOf(output, "environment/dev").get("shop-dev/deployment-web.yaml")).toBe((await expectedTree(source.config)).get(deployment));
  });
});

describe("slipway publish CLI", () => {
  it("publishes, then reports nothing to publish", async () => {
    const first = await runCli("publish", "--config", source.config, "--repo", output);
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^slipway publish: published [0-9a-f]{12} to main of /) });
    expect(await runCli("publish", "--config", source.config, "--repo", output)).toMatchObject({ code: 0, stdout: expect.stringContaining("nothing to publish") });
    expect(execFileSync("git", ["rev-list", "--count", "main"], { cwd: output, encoding: "utf8" }).trim()).toBe("1");
  });
});
