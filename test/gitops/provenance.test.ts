// Provenance details that the git-based tests do not reach: a very large change still makes a
// bounded commit message. (Credentials in URLs: test/spec/url-credentials.test.ts.)
import { describe, expect, it } from "vitest";
import { commitMessage, describeObject } from "../../gitops/commit-message.js";
import { provenanceTrailers } from "../../gitops/provenance.js";

const source = { sha: "0123456789abcdef0123456789abcdef01234567", repoURL: "https://github.com/acme/shop.git", author: "A <a@example.com>", date: "2026-11-20T10:00:00Z", subject: "Bump cart", body: "" };

describe("provenance", () => {
  it("ends the message with the three trailers, and caps the object list per environment", () => {
    const changes = Array.from({ length: 250 }, (_, index) => ({
      environment: "prod",
      path: `shop/configmap-c${index}.yaml`,
      change: "added" as const,
      content: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${index}, namespace: shop }\n`,
    }));
    const message = commitMessage(source, changes, provenanceTrailers(source, "1.2.3"));
    const lines = message.trimEnd().split("\n");
    expect(lines[0]).toBe("Render prod from 0123456789ab: Bump cart");
    expect(lines.slice(-3)).toEqual([`Source-Commit: ${source.sha}`, "Source-Repo: https://github.com/acme/shop.git", "Rendered-By: slipway 1.2.3"]);
    expect(message).toContain("prod: 250 objects changed");
    expect(message).toContain("  … and 50 more");
    expect(lines.filter((line) => line.startsWith("  added"))).toHaveLength(200);
  });

  it("names a manifest by kind, namespace and name, and nothing else as an object", () => {
    expect(describeObject("kind: Namespace\nmetadata: { name: shop }\n")).toBe("Namespace shop");
    expect(describeObject("# Generated\nresources: [a.yaml]\n")).toBeUndefined();
    expect(describeObject("{ not yaml")).toBeUndefined();
  });
});
