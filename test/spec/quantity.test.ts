import { describe, expect, it } from "vitest";
import { formatCpu, formatMemory, isQuantity, parseQuantity } from "../../spec/quantity.js";

describe("Kubernetes quantities", () => {
  it.each([
    ["100m", 0.1],
    ["1", 1],
    ["2.5", 2.5],
    ["512Mi", 512 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1k", 1000],
    ["1M", 1e6],
    ["1e3", 1000],
    ["500u", 0.0005],
  ])("parses %s", (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 9);
  });

  it.each(["512MB", "1GB", "abc", "", "1.2.3", "-1", "Mi", "10 Mi"])("rejects %j", (text) => {
    expect(isQuantity(text)).toBe(false);
  });

  it("formats CPU as Kubernetes prints it, rounding up to whole millicores", () => {
    expect(formatCpu(3)).toBe("3");
    expect(formatCpu(2.5)).toBe("2500m");
    expect(formatCpu(0.1 + 0.2)).toBe("300m");
    expect(formatCpu(0.0001)).toBe("1m");
  });

  it("formats memory in Mi, and in whole Gi from 10Gi on", () => {
    expect(formatMemory(512 * 2 ** 20)).toBe("512Mi");
    expect(formatMemory(4 * 2 ** 30)).toBe("4Gi");
    expect(formatMemory(1536 * 2 ** 20)).toBe("1536Mi");
    expect(formatMemory(676.5 * 2 ** 30)).toBe("677Gi");
    expect(formatMemory(1)).toBe("1Mi");
  });
});
