// synth validates every rendered object before it writes anything.
import { describe, expect, it, vi } from "vitest";
import { fingerprint, temporaryDirectory } from "../support/files.js";
import { runCli } from "../support/cli.js";

vi.mock("../../constructs/synth.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../constructs/synth.js")>();
  return {
    ...original,
    // A construct bug: the rendered Deployment's image is a number.
    *synthEnvironmentParts(...args: Parameters<typeof original.synthEnvironmentParts>) {
      for (const part of original.synthEnvironmentParts(...args)) {
        yield part.map((object) =>
          object.kind === "Deployment" && object.metadata.name === "web"
            ? { ...object, spec: { ...(object.spec as object), template: { spec: { containers: [{ name: "web", image: 7 }] } } } }
            : object,
        );
      }
    },
  };
});

describe("the validation gate in synth", () => {
  it("writes nothing and exits 1 when a rendered object fails its model", async () => {
    const outdir = await temporaryDirectory();
    const before = await fingerprint(outdir);
    const run = await runCli("synth", "--config", "test/fixtures/valid/shop.yaml", "--outdir", outdir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("rendered object problem(s); nothing was written");
    expect(run.stderr).toContain("dev/shop-dev/deployment-web.yaml: Deployment/shop-dev/web spec.template.spec.containers.0.image: [schema/invalid-field] must be string");
    expect(run.stderr).toContain("dev/shop-dev/deployment-web.yaml: Deployment/shop-dev/web spec.selector: [xo/workload-selector]");
    expect(run.stderr).toContain("prod/shop/deployment-web.yaml: Deployment/shop/web");
    expect(await fingerprint(outdir)).toBe(before);
  });
});
