// A container's securityContext overrides its pod's: a pod that runs as non-root, as a non-zero
// UID and under RuntimeDefault does not make a container that says otherwise pass.
import { readFileSync } from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../constructs/synth.js";
import { runPolicy } from "../../validate/policy/index.js";

const [deployment] = yaml.loadAll(readFileSync("test/fixtures/clean-manifests/web.yaml", "utf8")) as KubeObject[];

/** The clean Deployment with its container's securityContext extended. */
function withContainerContext(context: Record<string, unknown>): KubeObject {
  const copy = structuredClone(deployment!) as any;
  Object.assign(copy.spec.template.spec.containers[0].securityContext, context);
  return copy;
}

const findings = (object: KubeObject, profile: "restricted" | "baseline" = "restricted") => runPolicy("dev", [{ object }], profile).map(({ rule, path }) => `${rule} ${path}`);
const container = "spec.template.spec.containers.0.securityContext";

describe("container-level overrides of a compliant pod", () => {
  it("the clean Deployment passes", () => {
    expect(findings(deployment!)).toEqual([]);
  });

  it.each([
    [{ runAsNonRoot: false }, [`pss/run-as-non-root ${container}.runAsNonRoot`]],
    [{ runAsUser: 0 }, [`pss/run-as-user ${container}.runAsUser`]],
    [{ seccompProfile: { type: "Unconfined" } }, [`pss/seccomp-baseline ${container}.seccompProfile.type`, `pss/seccomp-restricted ${container}.seccompProfile`]],
  ])("%j on the container is found, at the container", (context, expected) => {
    expect(findings(withContainerContext(context))).toEqual(expected);
  });

  it("an Unconfined container is a baseline violation too", () => {
    expect(findings(withContainerContext({ seccompProfile: { type: "Unconfined" } }), "baseline")).toEqual([`pss/seccomp-baseline ${container}.seccompProfile.type`]);
  });
});
