// A directory read into memory: relative path → content, sorted. What check compares and publish
// copies; a missing directory is an empty tree.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { compareStrings } from "../spec/order.js";

export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" && directory === root) return [];
      throw error;
    });
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(root, path), await readFile(path, "utf8"));
    }
  };
  await walk(root);
  return new Map([...files.entries()].sort(([a], [b]) => compareStrings(a, b)));
}
