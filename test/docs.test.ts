import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { ValidateSettingsSchema } from "../cli/validate-settings.js";
import { loadConfig } from "../spec/index.js";
import { EDITOR_SCHEMAS, editorSchema, specReference } from "../spec/reference.js";

describe("generated documentation", () => {
  it("docs/spec-reference.md is current (run `npm run docs` if not)", () => {
    expect(readFileSync("docs/spec-reference.md", "utf8")).toBe(specReference());
  });

  it.each(Object.keys(EDITOR_SCHEMAS))("schema/%s is current", (file) => {
    expect(readFileSync(`schema/${file}`, "utf8")).toBe(editorSchema(EDITOR_SCHEMAS[file as keyof typeof EDITOR_SCHEMAS]));
  });

  it("describes every field", () => {
    const undocumented = specReference()
      .split("\n")
      .filter((line) => line.startsWith("| `") && line.endsWith("|  |"));
    expect(undocumented).toEqual([]);
  });

  it("gives editors a schema that accepts the default platform and rejects a typo", async () => {
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(JSON.parse(readFileSync("schema/config.schema.json", "utf8")));
    const source = await loadConfig("environments");
    const config = { ...(source.catalog.data as object), environments: Object.fromEntries(source.environments.map(({ name, document }) => [name, document.data])) };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const typo = structuredClone(config) as unknown as { services: Record<string, Record<string, unknown>> };
    typo.services["auth-service"]!.replcias = 2;
    expect(validate(typo)).toBe(false);
  });

  it("documents in the README every SLIPWAY_* variable the sources read", () => {
    const sources = ["cli", "constructs", "diff", "gitops", "render", "spec", "validate"].flatMap((directory) =>
      readdirSync(directory, { recursive: true, encoding: "utf8" }).filter((path) => path.endsWith(".ts")).map((path) => `${directory}/${path}`),
    );
    // Read as process.env.SLIPWAY_X, or named as a string (configuredCacheDirectory("SLIPWAY_X", …)).
    const read = new Set(sources.flatMap((path) => [...readFileSync(path, "utf8").matchAll(/(?:process\.env\.|configuredCacheDirectory\(")(SLIPWAY_[A-Z_]+)/g)].map((match) => match[1]!)));
    expect(read.size).toBeGreaterThan(3);
    const readme = readFileSync("README.md", "utf8");
    expect([...read].filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });

  it("documents in the README every option of slipway validate and every key of its settings file", () => {
    const readme = readFileSync("README.md", "utf8");
    const usage = /const VALIDATE_USAGE = `([\s\S]*?)`;/.exec(readFileSync("main.ts", "utf8"))![1]!;
    const options = [...new Set([...usage.matchAll(/--[a-z][a-z-]+/g)].map(([option]) => option))];
    expect(options.length).toBeGreaterThan(12);
    expect(options.filter((option) => !readme.includes(option))).toEqual([]);
    const settingsParagraph = readme.slice(readme.indexOf("**Settings file.**"));
    expect(Object.keys(ValidateSettingsSchema.shape).filter((key) => !settingsParagraph.includes(`\`${key}\``))).toEqual([]);
  });

  it("starts the README with the two commands, then how to start a new platform", () => {
    const readme = readFileSync("README.md", "utf8");
    const [, commands, next] = /^# slipway\n\n```sh\n([\s\S]*?)```\n\n(## .*)\n/.exec(readme) ?? [];
    expect(commands).toBe("npm ci && npm run synth    # install, then render every environment in environments/ to dist/<env>/\nnpm test                   # typecheck and run every test\n");
    expect(next).toBe("## Start a new platform");
  });

  it("states the supported Node lines as package.json declares them, and CI runs each", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
    expect(manifest.engines.node).toBe(">=22.12");
    expect(readFileSync("README.md", "utf8")).toContain("Requires Node.js 22 or 24, the supported LTS lines (`engines: >=22.12`)");
    expect(readFileSync(".ci/run", "utf8")).toContain("NODE_LINES=(24 22)");
    expect(readFileSync(".github/workflows/slipway.yaml", "utf8")).toContain("node: [22, 24]");
    expect(readFileSync("templates/init/common/github/workflows/platform.yaml", "utf8")).toContain("node-version: 24");
  });
});
