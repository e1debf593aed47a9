// File-tree helpers: read a directory into a map, fingerprint it, copy it.
import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTree } from "../../render/read-tree.js";

export { readTree };

/** A digest of every path and byte under root, hidden files included. */
export async function fingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const [path, content] of await readTree(root)) hash.update(`${path}\0${content}\0`);
  return hash.digest("hex");
}

export function temporaryDirectory(prefix = "slipway-test-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
