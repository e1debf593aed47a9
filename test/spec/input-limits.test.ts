import { describe, expect, it } from "vitest";
import { INPUT_LIMITS, inputLimitProblem } from "../../spec/input-limits.js";
import { decodeUtf8, InputTextError } from "../../spec/input-text.js";

const small = { ...INPUT_LIMITS, nodes: 100, depth: 5, valueBytes: 30 };

describe("inputLimitProblem", () => {
  it("accepts a document within every limit", () => {
    expect(inputLimitProblem({ a: [1, "two", { three: null }] }, small)).toBeUndefined();
  });

  it("counts a shared object once per reference, as YAML aliases expand", () => {
    const leaf = Array.from({ length: 9 }, () => "x");
    const shared = { a: leaf, b: leaf, c: leaf };
    // 1 + 3 × 10 = 31 values per copy of `shared`.
    expect(inputLimitProblem({ one: shared, two: shared }, small)).toBeUndefined();
    expect(inputLimitProblem({ one: shared, two: shared, three: shared, four: shared }, small)).toMatchObject({ path: [], message: expect.stringContaining("holds more than 100 values") });
  });

  it("stops at the depth limit, so a cycle is a problem and not an endless walk", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(inputLimitProblem(cycle, small)).toMatchObject({ message: expect.stringContaining("nests more than 5 levels") });
    expect(inputLimitProblem({ a: { b: { c: { d: {} } } } }, small)).toBeUndefined();
  });

  it("measures values and keys in UTF-8 bytes, and names where", () => {
    expect(inputLimitProblem({ env: { A: "é".repeat(15) } }, small)).toBeUndefined();
    expect(inputLimitProblem({ env: { A: "é".repeat(16) } }, small)).toEqual({ path: ["env", "A"], message: expect.stringContaining("is a value of 32 bytes; a value may hold at most 30 bytes") });
    expect(inputLimitProblem({ ["k".repeat(31)]: 1 }, small)).toMatchObject({ message: expect.stringContaining("is a key of 31 bytes") });
  });

  it("refuses a __proto__ key, which would replace an object's prototype", () => {
    const parsed = JSON.parse('{"services": {"web": {"__proto__": {"replicas": 3}}}}');
    expect(inputLimitProblem(parsed)).toEqual({ path: ["services", "web", "__proto__"], message: expect.stringContaining('"__proto__" cannot be a key') });
  });
});

describe("decodeUtf8", () => {
  it("drops a byte order mark and keeps an encoded U+FFFD as text", () => {
    expect(decodeUtf8(Buffer.from("\uFEFFa: \uFFFD\n"))).toBe("a: \uFFFD\n");
  });

  it.each([
    [Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]), 3, 1],
    [Buffer.concat([Buffer.from("a: \uFFFD\nb: "), Buffer.from([0xc3, 0x28])]), 10, 2],
    [Buffer.concat([Buffer.from("x\ny\n"), Buffer.from([0xf0, 0x9f, 0x98])]), 4, 3],
  ])("names the offset and line of the first byte that is not UTF-8 (%#)", (bytes, offset, line) => {
    expect(() => decodeUtf8(bytes)).toThrow(InputTextError);
    expect(() => decodeUtf8(bytes)).toThrow(`at offset ${offset} (line ${line})`);
  });
});
