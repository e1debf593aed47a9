// Rule shapes: promtool checks one rules file per shape, so files may share a shape only when
// promtool cannot tell them apart.
import { describe, expect, it } from "vitest";
import { ruleShape } from "../../validate/promtool.js";

const rules = (service: string, namespace: string, expr?: string, annotations: Record<string, string> = {}) => ({
  groups: [
    {
      name: `${service}-slo`,
      rules: [
        {
          alert: `${service
            .split("-")
            .map((part) => part[0]!.toUpperCase() + part.slice(1))
            .join("")}Down`,
          expr: expr ?? `sum(rate(istio_requests_total{destination_workload_namespace="${namespace}",destination_workload="${service}"}[5m])) == 0`,
          labels: { namespace },
          annotations: { summary: `${service} is down in ${namespace}`, ...annotations },
        },
      ],
    },
  ],
});

describe("ruleShape", () => {
  it("is equal for rules that differ only in names of the same letter-and-digit pattern", () => {
    expect(ruleShape(rules("svc-0001", "core"), ["svc-0001", "core", "dev"])).toBe(ruleShape(rules("app-9876", "data"), ["app-9876", "data", "prod"]));
  });

  it("differs when a name's pattern differs (a hyphen or digit where the other has a letter)", () => {
    const base = ruleShape(rules("svc-0001", "core"), ["svc-0001", "core", "dev"]);
    expect(ruleShape(rules("svcx0001", "core"), ["svcx0001", "core", "dev"])).not.toBe(base);
    expect(ruleShape(rules("svc-a001", "core"), ["svc-a001", "core", "dev"])).not.toBe(base);
  });

  it("differs when names that differ in one file are equal in the other", () => {
    expect(ruleShape(rules("abc", "xyz"), ["abc", "xyz", "dev"])).not.toBe(ruleShape(rules("abc", "abc"), ["abc", "abc", "dev"]));
  });

  it("is unique to the file when a name appears where its letters are syntax", () => {
    const outside = (service: string) => rules(service, "core", `sum(${service}_requests_total) == 0`);
    expect(ruleShape(outside("web"), ["web", "core", "dev"])).not.toBe(ruleShape(outside("api"), ["api", "core", "dev"]));
    const inRegex = (service: string) => rules(service, "core", `up{job=~"${service}.*"} == 0`);
    expect(ruleShape(inRegex("web"), ["web", "core", "dev"])).not.toBe(ruleShape(inRegex("api"), ["api", "core", "dev"]));
    const inTemplate = (service: string) => rules(service, "core", undefined, { description: `{{ $labels.${service} }}` });
    expect(ruleShape(inTemplate("web"), ["web", "core", "dev"])).not.toBe(ruleShape(inTemplate("api"), ["api", "core", "dev"]));
  });

  it("differs when anything but the names differs", () => {
    const a = rules("svc-0001", "core", 'sum(rate(x{destination_workload="svc-0001"}[5m])) > 0.5');
    const b = rules("svc-0002", "core", 'sum(rate(x{destination_workload="svc-0002"}[5m])) > 0.6');
    expect(ruleShape(a, ["svc-0001", "core", "dev"])).not.toBe(ruleShape(b, ["svc-0002", "core", "dev"]));
  });
});
