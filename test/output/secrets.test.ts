// Secrets never land in Git: the output holds references only, and no file of the repository
// (outside the tests, whose fixtures hold deliberate fakes) contains a secret value.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { secretLiteralReason } from "../../spec/secret-literals.js";
import { readTree } from "../support/files.js";

type Json = Record<string, any>;
const ENVIRONMENTS = ["dev", "production", "staging"];
const outputs = new Map<string, Map<string, string>>();

beforeAll(async () => {
  for (const environment of ENVIRONMENTS) outputs.set(environment, await readTree(join("dist", environment)));
  outputs.set("argocd", await readTree("argocd"));
});

/** Every secret-looking string in a file: by its shape anywhere, and by name for env entries and ConfigMap keys. */
function secretsIn(path: string, text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const reason = secretLiteralReason("", line);
    if (reason !== undefined) found.push(`${path}: ${reason}: ${line.trim().slice(0, 80)}`);
  }
  if (!path.endsWith(".yaml")) return found;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const object = node as Json;
      if (typeof object.name === "string" && typeof object.value === "string") {
        const reason = secretLiteralReason(object.name, object.value);
        if (reason !== undefined) found.push(`${path}: env ${object.name}: ${reason}`);
      }
      Object.values(object).forEach(visit);
    }
  };
  for (const document of yaml.loadAll(text)) visit(document);
  return found;
}

describe("secrets in the output", () => {
  it.each(ENVIRONMENTS)("dist/%s renders no Secret object", (environment) => {
    for (const [path, text] of outputs.get(environment)!) expect(text, path).not.toMatch(/^kind: Secret$/m);
  });

  it("no secret value appears in dist/ or argocd/", () => {
    const found = [...outputs.entries()].flatMap(([folder, files]) => [...files.entries()].flatMap(([path, text]) => secretsIn(`${folder}/${path}`, text)));
    expect(found).toEqual([]);
  });

  it("no secret value appears in any tracked file outside test/", () => {
    const files = execFileSync("git", ["ls-files"], { encoding: "utf8" })
      .split("\n")
      .filter((file) => file !== "" && !file.startsWith("test/") && file !== "package-lock.json");
    const found = files.flatMap((file) => secretsIn(file, readFileSync(file, "utf8")));
    expect(found).toEqual([]);
  });

  it("the scan would catch a leaked value", () => {
    expect(secretsIn("x.yaml", "env:\n  - name: DB_PASSWORD\n    value: hunter2\n")).toEqual(["x.yaml: env DB_PASSWORD: DB_PASSWORD names a secret and has a literal value"]);
    expect(secretsIn("x.md", "token: hvs.CAESIJlWzP8WQtxbqZ3hSbJ1yXbuN3ZQ0f7")).toHaveLength(1);
  });

  it.each(ENVIRONMENTS)("auth-service and analytics-service read database and signing credentials from Vault in %s", (environment) => {
    const objects = [...outputs.get(environment)!.entries()].filter(([path]) => path.endsWith(".yaml") && path !== "kustomization.yaml").map(([, text]) => yaml.load(text) as KubeObject);
    const mapped = (name: string) =>
      ((objects.find((object) => object.kind === "ExternalSecret" && object.metadata.name === name)?.spec as Json)?.data ?? []).map((entry: Json) => `${entry.secretKey} ← ${entry.remoteRef.key}#${entry.remoteRef.property}`);
    expect(mapped("auth-service")).toEqual([
      "db-username ← auth-service/database#username",
      "db-password ← auth-service/database#password",
      "jwt-signing-key ← auth-service/jwt-signing#private-key",
    ]);
    expect(mapped("analytics-service")).toEqual(["database-url ← analytics-service/database#url", "event-signing-key ← analytics-service/event-signing#hmac-key"]);
    const store = objects.find((object) => object.kind === "SecretStore")!;
    expect((store.spec as Json).provider.vault).toMatchObject({ server: "https://vault.example.com:8200", path: `ai-api-${environment}` });
  });
});
