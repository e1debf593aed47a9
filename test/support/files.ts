// File-tree helpers: read a directory into a map, fingerprint it, copy it.
import { createHash } from "node:crypto";
import { cp, mkdtemp, symlink } from "node:fs/promises";
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

/** Local, ignored directories a copy of the project leaves out: installs, history, scratch, compiled CLI. */
const NOT_COPIED = /(^|\/)(node_modules|\.git|\.scratch|build|cdk8s\.out|coverage)$/;

/** A working copy of this project in a fresh directory, sharing this checkout's node_modules. */
export async function projectCopy(): Promise<string> {
  const workdir = await temporaryDirectory();
  await cp(".", workdir, { recursive: true, filter: (source) => !NOT_COPIED.test(source) });
  await symlink(join(process.cwd(), "node_modules"), join(workdir, "node_modules"));
  return workdir;
}
