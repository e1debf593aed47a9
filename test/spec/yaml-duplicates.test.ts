import { describe, expect, it } from "vitest";
import { duplicateKeyPath } from "../../spec/yaml-duplicates.js";

describe("duplicateKeyPath", () => {
  it("finds a repeated key with its path", () => {
    expect(duplicateKeyPath("platform:\n  name: x\nservices:\n  web:\n    a: 1\n  api: {}\n  web:\n    b: 2\n")).toEqual(["services", "web"]);
  });

  it("tracks sequence indices and flow collections", () => {
    expect(duplicateKeyPath("a:\n  - {x: 1}\n  - {y: [1, 2], y: 3}\n")).toEqual(["a", 1, "y"]);
  });

  it("allows the same key in different mappings", () => {
    expect(duplicateKeyPath("a: {name: 1}\nb: {name: 2}\nc:\n  - name: 1\n  - name: 2\n")).toBeUndefined();
  });
});
