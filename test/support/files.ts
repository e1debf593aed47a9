// File-tree helpers: read a directory into a map, fingerprint it, copy it.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path, "utf8"));
    }
  };
  await walk(root);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A digest of every path and byte under root, hidden files included. */
export async function fingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const [path, content] of await readTree(root)) hash.update(`${path}\0${content}\0`);
  return hash.digest("hex");
}

export function temporaryDirectory(prefix = "slipway-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
