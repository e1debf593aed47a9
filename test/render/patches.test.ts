// Patches: a change to one rendered object, per environment, applied before validation. A patch
// changes only its target; one that misses its target or fails is an error naming its file and
// index, with nothing written; a change to what slipway derives for security needs a reason.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { PATCH_REASONS_ANNOTATION } from "../../render/apply-patches.js";
import { runCli } from "../support/cli.js";
import { fingerprint, readTree, temporaryDirectory } from "../support/files.js";
import { baseConfig, specErrors } from "../support/inline.js";

const SHOP = "test/fixtures/valid/shop.yaml";

/** The shop config with patches in its dev environment, written to a fresh directory. */
async function shopWith(patches: unknown[]): Promise<string> {
  const config = yaml.load(readFileSync(SHOP, "utf8")) as any;
  config.environments.dev.patches = patches;
  const file = join(await temporaryDirectory(), "shop.yaml");
  writeFileSync(file, yaml.dump(config));
  return file;
}

async function render(config: string): Promise<{ code: number; stderr: string; files: Map<string, string> }> {
  const out = join(await temporaryDirectory(), "dist");
  const run = await runCli("synth", "--config", config, "--outdir", out);
  return { ...run, files: run.code === 0 ? await readTree(out) : new Map() };
}

const devNamespace = () => (yaml.load(readFileSync(SHOP, "utf8")) as any).environments.dev.namespaces.shop.name as string;

describe("patches", () => {
  let baseline: Map<string, string>;
  beforeAll(async () => {
    baseline = (await render(SHOP)).files;
  });

  const changedFiles = (files: Map<string, string>) => [...files.keys()].filter((path) => files.get(path) !== baseline.get(path)).sort();

  it("a JSON patch changes only its target", async () => {
    const namespace = devNamespace();
    const { code, stderr, files } = await render(await shopWith([{ target: { kind: "Service", name: "web", namespace }, jsonPatch: [{ op: "add", path: "/metadata/annotations", value: { "example.com/owner": "storefront" } }] }]));
    expect(code, stderr).toBe(0);
    expect(changedFiles(files)).toEqual([`dev/${namespace}/service-web.yaml`]);
    expect(yaml.load(files.get(`dev/${namespace}/service-web.yaml`)!)).toMatchObject({ metadata: { annotations: { "example.com/owner": "storefront" } } });
  });

  it("a merge patch changes only its target", async () => {
    const namespace = devNamespace();
    const { code, stderr, files } = await render(await shopWith([{ target: { kind: "Deployment", name: "web", namespace }, mergePatch: { spec: { progressDeadlineSeconds: 900 } } }]));
    expect(code, stderr).toBe(0);
    expect(changedFiles(files)).toEqual([`dev/${namespace}/deployment-web.yaml`]);
    expect((yaml.load(files.get(`dev/${namespace}/deployment-web.yaml`)!) as any).spec.progressDeadlineSeconds).toBe(900);
  });

  it("a change to a NetworkPolicy needs a reason, which is rendered on the object", async () => {
    const namespace = devNamespace();
    const patch = { target: { kind: "NetworkPolicy", name: "web", namespace }, jsonPatch: [{ op: "add", path: "/metadata/labels/example.com~1audited", value: "yes" }] };
    const refused = await runCli("synth", "--config", await shopWith([patch]), "--outdir", join(await temporaryDirectory(), "dist"));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("environments.dev.patches[0].reason: required: the patch changes a NetworkPolicy");
    const { code, files } = await render(await shopWith([{ ...patch, reason: "audit label required by the security team" }]));
    expect(code).toBe(0);
    const policy = yaml.load(files.get(`dev/${namespace}/networkpolicy-web.yaml`)!) as any;
    expect(JSON.parse(policy.metadata.annotations[PATCH_REASONS_ANNOTATION])).toEqual([{ patch: 0, reason: "audit label required by the security team" }]);
  });

  /** Synth into a directory holding a good render: exit 1, the error shown, nothing changed. */
  async function expectRefused(patches: unknown[], error: string): Promise<void> {
    const config = await shopWith(patches);
    const out = join(await temporaryDirectory(), "dist");
    expect((await runCli("synth", "--config", SHOP, "--outdir", out)).code).toBe(0);
    const before = await fingerprint(out);
    const run = await runCli("synth", "--config", config, "--outdir", out);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(error);
    expect(run.stderr).toContain("nothing was written");
    expect(await fingerprint(out)).toBe(before);
  }

  it("a patch whose target is not rendered fails with its file and index", async () => {
    await expectRefused([{ target: { kind: "Service", name: "wbe", namespace: devNamespace() }, mergePatch: { metadata: { labels: { a: "b" } } } }], `shop.yaml: environments.dev.patches[0].target: no rendered object is Service ${devNamespace()}/wbe`);
  });

  it("an operation that fails names the operation", async () => {
    await expectRefused(
      [{ target: { kind: "Service", name: "web", namespace: devNamespace() }, jsonPatch: [{ op: "test", path: "/spec/type", value: "ClusterIP" }, { op: "replace", path: "/spec/nope/deeper", value: 1 }] }],
      "environments.dev.patches[0].jsonPatch[1]: /spec/nope/deeper does not exist in the rendered object",
    );
  });

  it("a patch cannot make an invalid object land: the gate sees the patched object", async () => {
    await expectRefused(
      [{ target: { kind: "Deployment", name: "web", namespace: devNamespace() }, jsonPatch: [{ op: "replace", path: "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", value: true }], reason: "debugging" }],
      "[pss/privilege-escalation]",
    );
  });
});

describe("patch declarations", () => {
  const errors = (patches: unknown[]) => {
    const config = baseConfig();
    (config.environments.dev as any).patches = patches;
    return specErrors(config).join("\n");
  };

  it.each([
    ["an invalid pointer", [{ target: { kind: "Service", name: "web", namespace: "shop" }, jsonPatch: [{ op: "remove", path: "spec/type" }] }], 'environments.dev.patches[0].jsonPatch[0].path: "spec/type" is not a JSON pointer'],
    ["both kinds of patch", [{ target: { kind: "Service", name: "web", namespace: "shop" }, jsonPatch: [{ op: "remove", path: "/spec/type" }], mergePatch: {} }], "environments.dev.patches[0]: a patch holds exactly one of jsonPatch"],
    ["a securityContext without a reason", [{ target: { kind: "Deployment", name: "web", namespace: "shop" }, jsonPatch: [{ op: "replace", path: "/spec/template/spec/securityContext/runAsUser", value: 1000 }] }], "environments.dev.patches[0].reason: required: the patch changes a securityContext"],
  ])("%s is an error", (_name, patches, message) => {
    expect(errors(patches)).toContain(message);
  });
});
