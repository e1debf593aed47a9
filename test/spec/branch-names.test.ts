import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { branchNameProblem } from "../../spec/formats.js";

const NAMES = ["main", "release/1.2", "environment/prod-next", "feature.x", "a..b", "-x", "x.lock", "a/.b", "x.", "a//b", "/a", "a/", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[b", "a\\b", "a@{1}", "HEAD", "x\u0001y", "ünïcode"];

describe("branch names", () => {
  it.each(NAMES)("%j is accepted exactly when git check-ref-format --branch accepts it", (name) => {
    const gitAccepts = (() => {
      try {
        execFileSync("git", ["check-ref-format", "--branch", name], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    })();
    expect(branchNameProblem(name) === undefined).toBe(gitAccepts);
  });

  it("refuses a full ref, which git accepts but publish would write under refs/heads/refs/heads/, and a lone @ (git reads it as HEAD)", () => {
    expect(branchNameProblem("refs/heads/main")).toBe('is a full ref: name the branch without "refs/heads/" (e.g. "main")');
    expect(branchNameProblem("@")).toBe("is reserved by git");
  });
});
