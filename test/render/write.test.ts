import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_HEADER, KUSTOMIZATION } from "../../render/layout.js";
import { writeOutput } from "../../render/write.js";
import { fingerprint, readTree, temporaryDirectory } from "../support/files.js";

const kustomization = GENERATED_HEADER + "kind: Kustomization\n";
const environment = (name: string, files: Record<string, string>) => ({
  name,
  files: new Map([[KUSTOMIZATION, kustomization], ...Object.entries(files)]),
});

describe("writeOutput", () => {
  it("writes each environment's files", async () => {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment("dev", { "ns/a.yaml": "a\n" })], { prune: true });
    expect([...(await readTree(outdir)).entries()]).toEqual([
      ["dev/kustomization.yaml", kustomization],
      ["dev/ns/a.yaml", "a\n"],
    ]);
  });

  it("removes files that are no longer rendered", async () => {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment("dev", { "ns/a.yaml": "a\n", "ns/b.yaml": "b\n" })], { prune: true });
    await writeOutput(outdir, [environment("dev", { "ns/a.yaml": "a2\n" })], { prune: true });
    expect([...(await readTree(outdir)).keys()]).toEqual(["dev/kustomization.yaml", "dev/ns/a.yaml"]);
  });

  it("removes environments no longer in the config, but only when pruning", async () => {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment("dev", {}), environment("qa", {})], { prune: true });
    await writeOutput(outdir, [environment("dev", {})], { prune: false });
    expect(await readdir(outdir)).toEqual(["dev", "qa"]);
    await writeOutput(outdir, [environment("dev", {})], { prune: true });
    expect(await readdir(outdir)).toEqual(["dev"]);
  });

  it("never deletes or replaces a directory it did not write", async () => {
    const outdir = await temporaryDirectory();
    await mkdir(join(outdir, "notes"));
    await writeFile(join(outdir, "notes", "keep.txt"), "mine");
    await mkdir(join(outdir, "dev"));
    await writeFile(join(outdir, "dev", "handmade.yaml"), "mine");
    const before = await fingerprint(outdir);
    await expect(writeOutput(outdir, [environment("dev", {})], { prune: true })).rejects.toThrow(/exists and was not written by slipway/);
    expect(await fingerprint(outdir)).toBe(before);
    await writeOutput(outdir, [environment("prod", {})], { prune: true });
    expect((await readTree(outdir)).get("notes/keep.txt")).toBe("mine");
  });

  it("leaves the previous output intact when writing fails midway", async () => {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment("dev", { "ns/a.yaml": "a\n" }), environment("qa", { "ns/a.yaml": "a\n" })], { prune: true });
    const before = await fingerprint(outdir);
    // The second file needs a.yaml to be a directory: the write fails after others succeeded.
    const failing = [environment("dev", { "ns/a.yaml": "new\n" }), environment("qa", { "ns/a.yaml": "new\n", "ns/a.yaml/b.yaml": "x" })];
    await expect(writeOutput(outdir, failing, { prune: true })).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await fingerprint(outdir)).toBe(before);
  });

  it("re-uses an unchanged file (same inode, no bytes written) and writes a changed one afresh", async () => {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment("dev", { "ns/same.yaml": "same\n", "ns/edit.yaml": "old\n" })], { prune: true });
    const inode = async (path: string) => (await stat(join(outdir, "dev", path))).ino;
    const [same, edited] = [await inode("ns/same.yaml"), await inode("ns/edit.yaml")];
    await writeOutput(outdir, [environment("dev", { "ns/same.yaml": "same\n", "ns/edit.yaml": "new\n" })], { prune: true });
    expect(await inode("ns/same.yaml")).toBe(same);
    expect(await inode("ns/edit.yaml")).not.toBe(edited);
    expect((await readTree(outdir)).get("dev/ns/edit.yaml")).toBe("new\n");
    expect((await stat(join(outdir, "dev", "ns/same.yaml"))).nlink).toBe(1);
  });

  it("leaves an environment directory untouched when nothing in it changed, and replaces it when a stray file appeared", async () => {
    const outdir = await temporaryDirectory();
    const files = { "ns/a.yaml": "a\n", "ns/b.yaml": "b\n" };
    await writeOutput(outdir, [environment("dev", files)], { prune: true });
    const directory = (await stat(join(outdir, "dev"))).ino;
    await writeOutput(outdir, [environment("dev", files)], { prune: true });
    expect((await stat(join(outdir, "dev"))).ino).toBe(directory);
    expect(await readdir(outdir)).toEqual(["dev"]);

    await writeFile(join(outdir, "dev", "ns", "stray.yaml"), "x\n");
    await writeOutput(outdir, [environment("dev", files)], { prune: true });
    expect((await stat(join(outdir, "dev"))).ino).not.toBe(directory);
    expect([...(await readTree(outdir)).keys()]).toEqual(["dev/kustomization.yaml", "dev/ns/a.yaml", "dev/ns/b.yaml"]);
  });

  it("cleans up staging directories an interrupted run left behind", async () => {
    const outdir = await temporaryDirectory();
    await mkdir(join(outdir, ".slipway-dev-abc123"));
    await writeOutput(outdir, [environment("dev", {})], { prune: true });
    expect(await readdir(outdir)).toEqual(["dev"]);
  });
});
