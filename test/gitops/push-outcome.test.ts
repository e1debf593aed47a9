import { describe, expect, it } from "vitest";
import { pushFailure } from "../../gitops/push-outcome.js";

const status = (branch: string, summary: string) => `To /srv/out.git\n!\t0123abcd:refs/heads/${branch}\t${summary}\nDone\n`;

describe("pushFailure", () => {
  it.each([
    "[rejected] (fetch first)",
    "[rejected] (non-fast-forward)",
    "[rejected] (stale info)",
    "[remote rejected] (cannot lock ref 'refs/heads/main': is at 1234 but expected 5678)",
    "[remote rejected] (atomic transaction failed)",
  ])("reads %s as a lost race", (summary) => {
    expect(pushFailure(status("main", summary), "")).toEqual({ kind: "race" });
  });

  it("reads a hook's refusal as a refusal, with what the remote said, ignoring the atomic push's follow-on statuses", () => {
    const stdout = `${status("environment/dev", "[remote rejected] (pre-receive hook declined)")}!\tabc:refs/heads/environment/prod\t[remote rejected] (atomic push failed)\n`;
    const stderr = "remote: policy: pushes need a ticket        \nremote: see https://wiki.example.com/deploys\nerror: failed to push some refs to '/srv/out.git'\n";
    expect(pushFailure(stdout, stderr)).toEqual({
      kind: "refused",
      refs: ["environment/dev: [remote rejected] (pre-receive hook declined)"],
      remote: ["policy: pushes need a ticket", "see https://wiki.example.com/deploys"],
    });
  });

  it("reads a protected branch as a refusal", () => {
    expect(pushFailure(status("main", "[remote rejected] (protected branch hook declined)"), "")).toMatchObject({ kind: "refused" });
  });

  it("has nothing to say when no ref was reported (no connection, no access)", () => {
    expect(pushFailure("", "fatal: Authentication failed for 'https://git.example.com/out.git/'\n")).toBeUndefined();
  });
});
