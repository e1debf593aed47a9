import { execFileSync } from "node:child_process";
import { mkdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { remoteOf } from "../../gitops/remote.js";
import { removeStaleClones } from "../../gitops/temporary-clone.js";
import { temporaryDirectory } from "../support/files.js";

describe("remoteOf", () => {
  it("takes the credentials out of an http(s) URL and passes them as a header scoped to the host", () => {
    const remote = remoteOf("https://ci-bot:p%40ss:word@git.example.com/acme/deploy.git", {});
    expect(remote.url).toBe("https://git.example.com/acme/deploy.git");
    expect(remote.display).toBe("https://ci-bot:***@git.example.com/acme/deploy.git");
    expect(remote.env).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.https://git.example.com/.extraHeader",
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from("ci-bot:p@ss:word").toString("base64")}`,
    });
  });

  it("keeps git settings already passed through the environment", () => {
    expect(remoteOf("https://token@git.example.com/x.git", { GIT_CONFIG_COUNT: "2" }).env).toMatchObject({ GIT_CONFIG_COUNT: "3", GIT_CONFIG_KEY_2: "http.https://git.example.com/.extraHeader" });
  });

  it("leaves paths and SSH addresses as they are, with no credentials to pass", () => {
    expect(remoteOf("git@github.com:acme/deploy.git", {})).toEqual({ url: "git@github.com:acme/deploy.git", display: "git@github.com:acme/deploy.git", env: {} });
    expect(remoteOf("https://git.example.com/x.git", {}).env).toEqual({});
    expect(remoteOf("/srv/git/deploy.git", {}).url).toBe("/srv/git/deploy.git");
  });

  it("passes a setting git reads (git 2.31 and later)", () => {
    const { env } = remoteOf("https://u:p@git.example.com/x.git", {});
    const value = execFileSync("git", ["config", "--get", "http.https://git.example.com/.extraHeader"], { env: { ...process.env, ...env }, encoding: "utf8" });
    expect(value.trim()).toBe(`Authorization: Basic ${Buffer.from("u:p").toString("base64")}`);
  });
});

describe("removeStaleClones", () => {
  it("removes the clones of runs that are gone and of the old unnamed kind once an hour old, and keeps live ones", async () => {
    const root = await temporaryDirectory();
    const dead = 2 ** 22 + 12345; // above the default pid_max of 4194304: no such process
    for (const name of [`slipway-publish-${process.pid}-abcdef`, `slipway-publish-${dead}-abcdef`, "slipway-publish-Old123", "slipway-publish-New123", "unrelated"]) await mkdir(join(root, name));
    const hourAgo = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    await utimes(join(root, "slipway-publish-Old123"), hourAgo, hourAgo);
    expect(removeStaleClones(root)).toBe(2);
    expect(execFileSync("ls", [root], { encoding: "utf8" }).split("\n").filter(Boolean)).toEqual([`slipway-publish-${process.pid}-abcdef`, "slipway-publish-New123", "unrelated"]);
  });
});
