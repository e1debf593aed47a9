// Where slipway keeps its caches: with the user's project (or $XDG_CACHE_HOME), never in its own install.
import { mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheRoot } from "../../spec/cache-directory.js";
import { temporaryDirectory } from "../support/files.js";

describe("cacheRoot", () => {
  it("is node_modules/.cache/slipway of the nearest directory above the working directory with a package.json", async () => {
    const project = await temporaryDirectory();
    await writeFile(join(project, "package.json"), "{}\n");
    await mkdir(join(project, "environments", "nested"), { recursive: true });
    expect(cacheRoot(join(project, "environments", "nested"), {})).toBe(join(project, "node_modules", ".cache", "slipway"));
  });

  it("is $XDG_CACHE_HOME/slipway when that is set", async () => {
    expect(cacheRoot(await temporaryDirectory(), { XDG_CACHE_HOME: "/var/cache/me" })).toBe("/var/cache/me/slipway");
  });

  it("is ~/.cache/slipway outside any project", () => {
    expect(cacheRoot("/", {})).toBe(join(homedir(), ".cache", "slipway"));
  });
});
