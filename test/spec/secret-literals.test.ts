import { describe, expect, it } from "vitest";
import { secretLiteralReason } from "../../spec/secret-literals.js";

describe("secretLiteralReason", () => {
  it.each([
    ["TLS_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "a private key"],
    ["SESSION", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "a JSON Web Token"],
    ["VAULT", "hvs.CAESIJlWzP8WQtxbqZ3hSbJ1yXbuN3ZQ0f7", "a Vault token"],
    ["VAULT_LEGACY", "s.Qf1s5zigZ4OX6akYjQXJC1jY", "a Vault token"],
    ["AWS", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
    ["GH", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "a GitHub token"],
    ["SLACK", "xoxb-1234567890-abcdefghij", "a Slack token"],
    ["DATABASE_URL", "postgres://app:s3cr3t@db:5432/app", "a URL with a password in it"],
    ["OPTS", "user=app password=hunter2hunter2", 'a "password=…" style credential'],
    ["PAYMENTS", "sk_live_51HqLyjWDarjtT1zdp7dcXkqS", "a Stripe secret key"],
    ["GITLAB", "glpat-xYz0123456789abcdefGH", "a GitLab token"],
    ["MODEL", "sk-proj-abcdefghijklmnopqrstuvwxyz012345", "an OpenAI API key"],
    ["GH_FINE", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "a GitHub token"],
    ["NOTIFY", "xoxb-123456789012-abcdefghijklmn", "a Slack token"],
    ["SOCKET", "xapp-1-A0123456789-0123456789012-abcdef", "a Slack token"],
    ["CLAUDE", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "an Anthropic API key"],
    ["MAPS", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "a Google API key"],
    ["REGISTRY", "npm_abcdefghijklmnopqrstuvwxyz0123456789", "an npm token"],
    ["ARG", "--aws-key=AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
    ["REPO", "https://git.example.com/x.git?access_token=abc123", "a URL with the query parameter access_token in it"],
    ["REPO_USER", "https://glpat-abc@gitlab.example.com/x.git", "a URL with a user name or token in it"],
  ])("recognises %s as a secret value", (name, value, what) => {
    expect(secretLiteralReason(name, value)).toBe(`its value looks like ${what}`);
  });

  // One example per alternative of each pattern, so dropping any alternative fails a test.
  const alternatives: [string, string][] = [
    ...["RSA ", "EC ", "OPENSSH ", "ENCRYPTED ", ""].map((kind): [string, string] => [`-----BEGIN ${kind}PRIVATE KEY-----\nMIIE`, "a private key"]),
    ...["hvs", "hvb", "hvr"].map((prefix): [string, string] => [`${prefix}.CAESIJlWzP8WQtxbqZ3hSbJ1yXbuN3ZQ0f7`, "a Vault token"]),
    ...["AKIA", "ASIA"].map((prefix): [string, string] => [`${prefix}IOSFODNN7EXAMPLE`, "an AWS access key id"]),
    ...["ghp", "gho", "ghu", "ghs", "ghr"].map((prefix): [string, string] => [`${prefix}_0123456789abcdefghijklmnopqrstuvwxyzAB`, "a GitHub token"]),
    ...["xoxa", "xoxb", "xoxe", "xoxo", "xoxp", "xoxr", "xoxs"].map((prefix): [string, string] => [`${prefix}-123456789012-abcdefghij`, "a Slack token"]),
    ...["sk_live", "sk_test", "rk_live", "rk_test"].map((prefix): [string, string] => [`${prefix}_51HqLyjWDarjtT1zdp7dc`, "a Stripe secret key"]),
    ...["proj", "svcacct", "admin"].map((kind): [string, string] => [`sk-${kind}-abcdefghijklmnopqrstuvwxyz012345`, "an OpenAI API key"]),
    ...["password", "passwd", "pwd", "secret", "token", "api_key", "api-key", "apikey", "PASSWORD"].flatMap((key): [string, string][] => [
      [`--${key}=hunter2hunter2`, 'a "password=…" style credential'],
      [`${key}: hunter2hunter2`, 'a "password=…" style credential'],
    ]),
  ];
  it.each(alternatives)("recognises %j as %s", (value, what) => {
    expect(secretLiteralReason("VALUE", value)).toBe(`its value looks like ${what}`);
  });

  it.each(["DB_PASSWORD", "DB_PASS", "SMTP_PWD", "DB_PASSWD", "db.pass", "CLIENT_SECRET", "GITHUB_TOKEN", "STRIPE_API_KEY", "STRIPE_APIKEY", "SIGNING_PRIVATE_KEY", "SIGNING_PRIVATEKEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESSKEY", "CREDENTIALS", "CREDENTIAL", "SECRET_BLAH", "SECRET_KEY_BASE", "TOKEN_SIGNING_KEY", "PASSWORD_SALT"])("recognises a literal in %s by its name", (name) => {
    expect(secretLiteralReason(name, "anything")).toBe(`${name} names a secret and has a literal value`);
  });

  it.each([
    ["TOKEN_TTL_SECONDS", "900"],
    ["SECRET_NAME", "db-credentials"],
    ["SECRET_MOUNT_PATH", "/var/run/secrets"],
    ["PASSWORD_MIN_LENGTH", "12"],
    ["TOKEN_HEADER", "Authorization"],
    ["DB_PASSWORD_FILE", "/var/run/secrets/db/password"],
    ["DATABASE_URL", "postgres://db:5432/app"],
    ["LOG_FORMAT", "json"],
    ["JWKS_URL", "https://auth.example.com/.well-known/jwks.json"],
    ["DB_PASSWORD", ""],
    ["CACHE_BYPASS", "true"],
    ["COMPASS", "north"],
    ["ARGS", "--password=$(DB_PASSWORD)"],
    ["DATABASE_URL", "postgres://app:$(DB_PASSWORD)@db:5432/app"],
  ])("leaves %s=%j alone", (name, value) => {
    expect(secretLiteralReason(name, value)).toBeUndefined();
  });
});
