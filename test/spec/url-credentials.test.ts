import { describe, expect, it } from "vitest";
import { maskUrlCredentials, urlCredentialIn, withoutUrlCredentials } from "../../spec/url-credentials.js";

describe("credentials in URLs", () => {
  it.each([
    ["https://x-access-token:ghs_abc123@github.com/acme/shop.git", "a password"],
    ["https://user:p@ss@word@git.example.com/acme/shop.git", "a password"],
    ["postgres://app:s3cr3t@db:5432/app", "a password"],
    ["https://glpat-abcdef@gitlab.example.com/acme/shop.git", "a user name or token"],
    ["https://git.example.com/acme/shop.git?access_token=abc123", "the query parameter access_token"],
    ["see https://files.example.com/x?X-Amz-Signature=deadbeef&a=1", "the query parameter X-Amz-Signature"],
  ])("finds the credential in %s", (url, what) => {
    expect(urlCredentialIn(url)).toBe(what);
  });

  it.each([
    "ssh://git@github.com/acme/shop.git",
    "git@github.com:acme/shop.git",
    "https://github.com/acme/shop.git",
    "postgres://app:$(DB_PASSWORD)@db:5432/app",
    "https://host/x?token=${TOKEN}",
    "mailto:someone@example.com",
    "https://github.com/acme/shop.git?ref=main",
  ])("finds none in %s", (url) => {
    expect(urlCredentialIn(url)).toBeUndefined();
  });

  it("strips them from a URL that is recorded: all user information of http(s), the password of anything else, token parameters", () => {
    expect(withoutUrlCredentials("https://x-access-token:ghs_abc123@github.com/acme/shop.git")).toBe("https://github.com/acme/shop.git");
    expect(withoutUrlCredentials("https://user:p@ss@word@git.example.com/acme/shop.git")).toBe("https://git.example.com/acme/shop.git");
    expect(withoutUrlCredentials("ssh://git@github.com/acme/shop.git")).toBe("ssh://git@github.com/acme/shop.git");
    expect(withoutUrlCredentials("ssh://git:secret@github.com/acme/shop.git")).toBe("ssh://git@github.com/acme/shop.git");
    expect(withoutUrlCredentials("git@github.com:acme/shop.git")).toBe("git@github.com:acme/shop.git");
    expect(withoutUrlCredentials("/srv/git/shop")).toBe("/srv/git/shop");
    expect(withoutUrlCredentials("https://git.example.com/shop.git?access_token=abc123")).toBe("https://git.example.com/shop.git");
    expect(withoutUrlCredentials("https://git.example.com/shop.git?private_token=abc&ref=main")).toBe("https://git.example.com/shop.git?ref=main");
  });

  it("masks them wherever they appear in a message, leaving the rest readable", () => {
    const message = "fatal: unable to access 'https://user:p@ss@word@git.example.com/shop.git/?access_token=abc': 403; also ssh://git:pw@host/x and ssh://git@host/y";
    const masked = maskUrlCredentials(message);
    expect(masked).toBe("fatal: unable to access 'https://user:***@git.example.com/shop.git/?access_token=***': 403; also ssh://git:***@host/x and ssh://git@host/y");
    for (const secret of ["p@ss", "word@", "abc'", ":pw@"]) expect(masked).not.toContain(secret);
    expect(maskUrlCredentials("https://tok123@github.com/x")).toBe("https://***@github.com/x");
  });
});
