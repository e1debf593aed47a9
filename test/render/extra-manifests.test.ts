// Extra manifests: hand-written YAML the platform or an environment names, rendered beside
// slipway's objects through the same gate, listed in the kustomization and the AppProject, never
// deleted by a render, and refused when they collide with a rendered object or are not YAML.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { fingerprint, temporaryDirectory } from "../support/files.js";

const FIXTURE = "test/fixtures/extra-manifests";

async function fixtureCopy(change: (directory: string) => Promise<void> = async () => {}): Promise<string> {
  const directory = join(await temporaryDirectory(), "config");
  await cp(FIXTURE, directory, { recursive: true });
  await change(directory);
  return join(directory, "shop.yaml");
}

describe("extra manifests", () => {
  it("are written with the rendered objects, listed in the kustomization, whitelisted in the AppProject, and survive a second render", async () => {
    const root = await temporaryDirectory();
    const outdir = join(root, "dist");
    for (const run of [1, 2]) {
      const synth = await runCli("synth", "--config", join(FIXTURE, "shop.yaml"), "--outdir", outdir);
      expect(synth.code, `${run}: ${synth.stderr}`).toBe(0);
      const role = yaml.load(await readFile(join(outdir, "dev/shop-dev/role-leader-election.yaml"), "utf8")) as any;
      expect(role).toMatchObject({ kind: "Role", metadata: { name: "leader-election", annotations: { "argocd.argoproj.io/sync-wave": "-3" } } });
      const kustomization = yaml.load(await readFile(join(outdir, "dev/kustomization.yaml"), "utf8")) as any;
      expect(kustomization.resources).toEqual(expect.arrayContaining(["_cluster/clusterrole-shop-on-call-view.yaml", "shop-dev/role-leader-election.yaml", "shop-dev/rolebinding-web-leader-election.yaml", "shop-dev/statefulset-redis.yaml"]));
    }
    // The platform's manifests are in every environment; an environment's only in it.
    expect(await readFile(join(outdir, "prod/_cluster/clusterrole-shop-on-call-view.yaml"), "utf8")).toContain("shop-on-call-view");
    await expect(readFile(join(outdir, "prod/shop/role-leader-election.yaml"), "utf8")).rejects.toThrow();
    const project = yaml.load(await readFile(join(root, "argocd/00-appproject-shop-dev.yaml"), "utf8")) as any;
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: "rbac.authorization.k8s.io", kind: "ClusterRole" });
    expect(project.spec.namespaceResourceWhitelist).toEqual(expect.arrayContaining([{ group: "rbac.authorization.k8s.io", kind: "Role" }, { group: "apps", kind: "StatefulSet" }]));
  });

  it("go through the cross-object rules with the rendered objects: a hand-written workload behind the default deny is reported", async () => {
    const synth = await runCli("synth", "--config", join(FIXTURE, "shop.yaml"), "--outdir", join(await temporaryDirectory(), "dist"));
    expect(synth.stderr).toContain("dev/shop-dev/service-redis.yaml: Service/shop-dev/redis spec.ports: [xo/service-unreachable] no NetworkPolicy admits any traffic to redis");
  });

  /** Synth into a directory holding a good render: exit 1, each error shown, nothing changed. */
  async function expectRefused(config: string, errors: readonly string[]): Promise<void> {
    const outdir = join(await temporaryDirectory(), "dist");
    expect((await runCli("synth", "--config", join(FIXTURE, "shop.yaml"), "--outdir", outdir)).code).toBe(0);
    const before = await fingerprint(outdir);
    const run = await runCli("synth", "--config", config, "--outdir", outdir);
    expect(run.code, run.stderr).toBe(1);
    for (const error of errors) expect(run.stderr).toContain(error);
    expect(run.stderr).toContain("nothing was written");
    expect(await fingerprint(outdir)).toBe(before);
  }

  it("go through the gate: a privileged container is refused", async () => {
    const config = await fixtureCopy(async (directory) => {
      const file = join(directory, "manifests/dev/redis.yaml");
      await writeFile(file, (await readFile(file, "utf8")).replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: false, privileged: true"));
    });
    await expectRefused(config, ["dev/shop-dev/statefulset-redis.yaml: StatefulSet/shop-dev/redis spec.template.spec.containers.0.securityContext.privileged: [pss/privileged]"]);
  });

  it("an object slipway renders too is refused, naming both sources", async () => {
    const config = await fixtureCopy((directory) => writeFile(join(directory, "manifests/dev/web.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop-dev }\n"));
    await expectRefused(config, [`${join(config, "..", "manifests/dev/web.yaml")}: ServiceAccount shop-dev/web is also in slipway's own render: an object has one source`]);
  });

  it("a file that is not YAML is refused, naming it", async () => {
    const config = await fixtureCopy((directory) => writeFile(join(directory, "manifests/dev/broken.yaml"), "kind: Role\nmetadata: { name: [unclosed\n"));
    await expectRefused(config, [`${join(config, "..", "manifests/dev/broken.yaml")}: is not YAML:`]);
  });

  it("a document that is not a Kubernetes object, or a directory that is not there, is refused", async () => {
    const config = await fixtureCopy(async (directory) => {
      await writeFile(join(directory, "manifests/dev/notes.yaml"), "todo: add a NetworkPolicy for redis\n");
      const file = join(directory, "shop.yaml");
      await writeFile(file, (await readFile(file, "utf8")).replace("- manifests/shared", "- manifests/shraed"));
    });
    await expectRefused(config, [
      `${join(config, "..", "manifests/dev/notes.yaml")}: document 1 is not a Kubernetes object: it has no apiVersion, no kind, no metadata.name: give each YAML document apiVersion, kind and metadata.name`,
      `${config}: platform.manifests[0]: manifests/shraed does not exist in the config directory`,
    ]);
  });

  it("take policy exceptions like slipway's own workloads: the annotation, with its reason, silences the rule", async () => {
    const withoutOptOut = (directory: string) => async () => {
      const file = join(directory, "manifests/dev/redis.yaml");
      return (await readFile(file, "utf8")).replace("      automountServiceAccountToken: false\n", "");
    };
    const mounting = await fixtureCopy(async (directory) => writeFile(join(directory, "manifests/dev/redis.yaml"), await withoutOptOut(directory)()));
    const flagged = await runCli("synth", "--config", mounting, "--outdir", join(await temporaryDirectory(), "dist"));
    expect(flagged.stderr).toContain("StatefulSet/shop-dev/redis spec.template.spec.automountServiceAccountToken: [hygiene/automount-token]");
    const excepted = await fixtureCopy(async (directory) => {
      const text = (await withoutOptOut(directory)()).replace(
        "metadata: { name: redis, namespace: shop-dev }\nspec:\n  serviceName",
        'metadata:\n  name: redis\n  namespace: shop-dev\n  annotations:\n    slipway.dev/policy-exceptions: \'[{"rule":"hygiene/automount-token","reason":"the sentinel lists pods through the API"}]\'\nspec:\n  serviceName',
      );
      await writeFile(join(directory, "manifests/dev/redis.yaml"), text);
    });
    const quiet = await runCli("synth", "--config", excepted, "--outdir", join(await temporaryDirectory(), "dist"));
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain("hygiene/automount-token");
  });

  it("a patch may change an extra manifest's object", async () => {
    const config = await fixtureCopy(async (directory) => {
      const file = join(directory, "shop.yaml");
      const spec = yaml.load(await readFile(file, "utf8")) as any;
      spec.environments.dev.patches = [{ target: { kind: "StatefulSet", namespace: "shop-dev", name: "redis" }, mergePatch: { spec: { replicas: 2 } } }];
      await writeFile(file, yaml.dump(spec));
    });
    const outdir = join(await temporaryDirectory(), "dist");
    expect((await runCli("synth", "--config", config, "--outdir", outdir)).code).toBe(0);
    expect((yaml.load(await readFile(join(outdir, "dev/shop-dev/statefulset-redis.yaml"), "utf8")) as any).spec.replicas).toBe(2);
  });
});
