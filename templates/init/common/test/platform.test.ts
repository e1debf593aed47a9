// The platform's tests: every environment's rendered files as snapshots (a change to them shows in
// review), and the properties that must hold whatever else changes.
import { assertNoFindings, environment, findObject, findObjects, renderPlatform } from "slipway/testing";
import { describe, expect, it } from "vitest";

const rendered = await renderPlatform("environments");

describe.each(rendered.environments.map(({ name }) => name))("%s", (name) => {
  const env = environment(rendered, name);

  it("renders the committed files", () => {
    expect(Object.fromEntries(env.files)).toMatchSnapshot();
  });

  it("passes the validation gate", () => {
    assertNoFindings(env);
  });

  it("lets only web call api", () => {
    const policy = findObject(env, "NetworkPolicy", "api");
    const callers = (policy.spec as any).ingress.flatMap((rule: any) => (rule.from ?? []).map((peer: any) => peer.podSelector?.matchLabels?.["app.kubernetes.io/name"]));
    expect(callers).toContain("web");
    expect(callers).not.toContain("api");
  });

  it("exposes web and nothing else", () => {
    const ingresses = findObjects(env, "Ingress");
    expect(ingresses.map(({ metadata }) => metadata.name)).toEqual(["web"]);
  });
});

it("runs production with at least two pods of each service", () => {
  const production = environment(rendered, "production");
  expect((findObject(production, "Deployment", "web").spec as any).replicas).toBeGreaterThanOrEqual(2);
  expect((findObject(production, "HorizontalPodAutoscaler", "api").spec as any).minReplicas).toBeGreaterThanOrEqual(2);
});
