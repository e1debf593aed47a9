// The output index lets a re-render know unchanged files without reading them, and must never hide
// a change: whatever it cannot vouch for is read and compared.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GENERATED_HEADER, KUSTOMIZATION } from "../../render/layout.js";
import { contentDigest, indexEntry, KEPT_INDEXES, OutputIndex, outputIndexFile, RACY_MARGIN_MS, recordOutputIndex } from "../../render/output-index.js";
import { writeOutput } from "../../render/write.js";
import { readTree, temporaryDirectory } from "../support/files.js";

const digestOf = (text: string) => contentDigest(Buffer.from(text));
/** The entries a render records for files it found unchanged: each file's stat and the digest of its bytes. */
const entriesOf = (directory: string, names: readonly string[]) => new Map(names.map((name) => [name, indexEntry(statSync(join(directory, name)), readFileSync(join(directory, name)))]));
/** The digest the index vouches a file holds, if it can vouch for it without reading it. */
const vouchedDigest = (index: OutputIndex, path: string) => index.vouchedEntry(path)?.[3];
/** An hour ago, in whole seconds: a time utimes sets exactly and the index trusts. */
const HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;

let indexes: string;
let saved: string | undefined;
beforeEach(async () => {
  saved = process.env.SLIPWAY_INDEX_DIR;
  indexes = await temporaryDirectory("slipway-index-");
  process.env.SLIPWAY_INDEX_DIR = indexes;
});
afterEach(() => {
  if (saved === undefined) delete process.env.SLIPWAY_INDEX_DIR;
  else process.env.SLIPWAY_INDEX_DIR = saved;
});

async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await temporaryDirectory();
  for (const [path, content] of Object.entries(files)) writeFileSync(join(directory, path), content);
  return directory;
}

describe("OutputIndex", () => {
  it("vouches for a file whose inode, size and time are as recorded, with the digest of its bytes", async () => {
    const directory = await directoryWith({ "a.yaml": "a: 1\n" });
    utimesSync(join(directory, "a.yaml"), HOUR_AGO, HOUR_AGO);
    const file = outputIndexFile(directory)!;
    recordOutputIndex(file, directory, entriesOf(directory, ["a.yaml"]), Date.now());
    const index = OutputIndex.load(file, directory);
    expect(index.vouchedEntry("a.yaml")).toEqual([statSync(join(directory, "a.yaml")).ino, 5, HOUR_AGO * 1000, digestOf("a: 1\n")]);
    expect(index.vouchedEntry("b.yaml")).toBeUndefined();
  });

  it("does not trust a time within the racy margin of the record: an edit in the same tick could keep it", async () => {
    const directory = await directoryWith({ "a.yaml": "a: 1\n" });
    const file = outputIndexFile(directory)!;
    const modified = statSync(join(directory, "a.yaml")).mtimeMs;
    recordOutputIndex(file, directory, entriesOf(directory, ["a.yaml"]), modified + RACY_MARGIN_MS - 1);
    expect(vouchedDigest(OutputIndex.load(file, directory), "a.yaml")).toBeUndefined();
    recordOutputIndex(file, directory, entriesOf(directory, ["a.yaml"]), modified + RACY_MARGIN_MS + 1);
    expect(vouchedDigest(OutputIndex.load(file, directory), "a.yaml")).toBe(digestOf("a: 1\n"));
  });

  it("knows nothing of a file edited, replaced or removed since, of another directory's index, or of a damaged index", async () => {
    const directory = await directoryWith({ "edited.yaml": "x: 1\n", "replaced.yaml": "y: 1\n", "removed.yaml": "z: 1\n" });
    for (const name of readdirSync(directory)) utimesSync(join(directory, name), HOUR_AGO, HOUR_AGO);
    const file = outputIndexFile(directory)!;
    recordOutputIndex(file, directory, entriesOf(directory, ["edited.yaml", "replaced.yaml", "removed.yaml"]), Date.now());
    expect(vouchedDigest(OutputIndex.load(file, directory), "edited.yaml")).toBe(digestOf("x: 1\n"));
    writeFileSync(join(directory, "edited.yaml"), "x: 2\n");
    writeFileSync(join(directory, "replaced.yaml.new"), "y: 2\n");
    renameSync(join(directory, "replaced.yaml.new"), join(directory, "replaced.yaml"));
    utimesSync(join(directory, "replaced.yaml"), HOUR_AGO, HOUR_AGO);
    rmSync(join(directory, "removed.yaml"));
    const index = OutputIndex.load(file, directory);
    for (const name of ["edited.yaml", "replaced.yaml", "removed.yaml"]) expect(index.vouchedEntry(name), name).toBeUndefined();

    const other = await directoryWith({});
    expect(OutputIndex.load(file, other).vouchedEntry("edited.yaml")).toBeUndefined();
    writeFileSync(file, "{not json");
    expect(OutputIndex.load(file, directory).vouchedEntry("edited.yaml")).toBeUndefined();
  });

  it("is disabled by SLIPWAY_INDEX_DIR=\"\"", () => {
    process.env.SLIPWAY_INDEX_DIR = "";
    expect(outputIndexFile("dist/dev")).toBeUndefined();
  });

  it(`keeps the ${KEPT_INDEXES} most recently written indexes`, async () => {
    const directory = await directoryWith({ "a.yaml": "a\n" });
    for (let count = 0; count < KEPT_INDEXES + 5; count++) writeFileSync(join(indexes, `old-${count}.json`), "{}");
    for (const name of readdirSync(indexes)) utimesSync(join(indexes, name), HOUR_AGO, HOUR_AGO);
    const file = outputIndexFile(directory)!;
    recordOutputIndex(file, directory, entriesOf(directory, ["a.yaml"]), Date.now());
    const left = readdirSync(indexes);
    expect(left).toHaveLength(KEPT_INDEXES);
    expect(left).toContain(file.slice(indexes.length + 1));
  });
});

describe("writing with an output index", () => {
  const kustomization = GENERATED_HEADER + "kind: Kustomization\n";
  const environment = (files: Record<string, string>) => ({ name: "dev", files: new Map([[KUSTOMIZATION, kustomization], ...Object.entries(files)]) });

  /** Writes, then ages every file so that the next write's record is trusted, and writes again to record it. */
  async function writtenAndIndexed(files: Record<string, string>): Promise<string> {
    const outdir = await temporaryDirectory();
    await writeOutput(outdir, [environment(files)], { prune: true });
    for (const path of (await readTree(join(outdir, "dev"))).keys()) utimesSync(join(outdir, "dev", path), HOUR_AGO, HOUR_AGO);
    await writeOutput(outdir, [environment(files)], { prune: true });
    return outdir;
  }

  it("records every file once unchanged files are no longer racy, and then rewrites the index only when something changed", async () => {
    const outdir = await writtenAndIndexed({ "ns/a.yaml": "a: 1\n", "ns/b.yaml": "b: 1\n" });
    const file = outputIndexFile(join(outdir, "dev"))!;
    const index = OutputIndex.load(file, join(outdir, "dev"));
    expect(vouchedDigest(index, "ns/a.yaml")).toBe(digestOf("a: 1\n"));
    expect(vouchedDigest(index, KUSTOMIZATION)).toBe(digestOf(kustomization));
    const recorded = readFileSync(file, "utf8");
    utimesSync(file, HOUR_AGO, HOUR_AGO);
    await writeOutput(outdir, [environment({ "ns/a.yaml": "a: 1\n", "ns/b.yaml": "b: 1\n" })], { prune: true });
    expect(statSync(file).mtimeMs).toBe(HOUR_AGO * 1000);
    await writeOutput(outdir, [environment({ "ns/a.yaml": "a: 2\n", "ns/b.yaml": "b: 1\n" })], { prune: true });
    expect(readFileSync(file, "utf8")).not.toBe(recorded);
    const rewritten = OutputIndex.load(file, join(outdir, "dev"));
    expect(vouchedDigest(rewritten, "ns/b.yaml")).toBe(digestOf("b: 1\n"));
    // The file just written is left to the next render to read: its time is too recent to trust.
    expect(rewritten.vouchedEntry("ns/a.yaml")).toBeUndefined();
  });

  it("restores a file edited by hand, and writes a changed file the index knows to differ", async () => {
    const outdir = await writtenAndIndexed({ "ns/a.yaml": "a: 1\n", "ns/b.yaml": "b: 1\n" });
    writeFileSync(join(outdir, "dev", "ns", "a.yaml"), "a: 9\n");
    await writeOutput(outdir, [environment({ "ns/a.yaml": "a: 1\n", "ns/b.yaml": "b: 2\n" })], { prune: true });
    const tree = await readTree(join(outdir, "dev"));
    expect(tree.get("ns/a.yaml")).toBe("a: 1\n");
    expect(tree.get("ns/b.yaml")).toBe("b: 2\n");
  });

  it("takes the index's word for a file whose inode, size and time were kept (the limit of stat-based indexes, as git's)", async () => {
    const outdir = await writtenAndIndexed({ "ns/a.yaml": "a: 1\n" });
    const path = join(outdir, "dev", "ns", "a.yaml");
    writeFileSync(path, "a: 9\n");
    utimesSync(path, HOUR_AGO, HOUR_AGO);
    await writeOutput(outdir, [environment({ "ns/a.yaml": "a: 1\n" })], { prune: true });
    expect(readFileSync(path, "utf8")).toBe("a: 9\n");
    process.env.SLIPWAY_INDEX_DIR = "";
    await writeOutput(outdir, [environment({ "ns/a.yaml": "a: 1\n" })], { prune: true });
    expect(readFileSync(path, "utf8")).toBe("a: 1\n");
  });
});
