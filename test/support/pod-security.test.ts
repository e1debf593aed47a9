import { describe, expect, it } from "vitest";
import { restrictedViolations } from "./pod-security.js";

const compliant = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
  containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }],
  volumes: [{ name: "tmp", emptyDir: {} }],
};

describe("the test suite's PSS restricted checker", () => {
  it("accepts a compliant pod", () => {
    expect(restrictedViolations(compliant)).toEqual([]);
  });

  it.each([
    ["host network", { ...compliant, hostNetwork: true }, "hostNetwork is true"],
    ["hostPath volume", { ...compliant, volumes: [{ name: "h", hostPath: { path: "/" } }] }, "volume h has type hostPath"],
    ["no seccomp", { ...compliant, securityContext: { runAsNonRoot: true } }, "app: seccompProfile is unset"],
    ["root user", { ...compliant, securityContext: { ...compliant.securityContext, runAsUser: 0 } }, "pod runAsUser is 0"],
    ["escalation allowed", { ...compliant, containers: [{ name: "app", securityContext: { capabilities: { drop: ["ALL"] } } }] }, "app: allowPrivilegeEscalation is not false"],
    ["capability kept", { ...compliant, containers: [{ name: "app", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["NET_RAW"] } } }] }, "app: capabilities.drop lacks ALL"],
    ["NET_ADMIN added", { ...compliant, initContainers: [{ name: "istio-init", securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } } }] }, "istio-init: adds capability NET_ADMIN"],
    ["may run as root", { ...compliant, securityContext: { seccompProfile: { type: "RuntimeDefault" } } }, "app: runAsNonRoot is not true"],
    ["host port", { ...compliant, containers: [{ ...compliant.containers[0], ports: [{ containerPort: 80, hostPort: 80 }] }] }, "app: hostPort 80"],
  ])("rejects %s", (_name, pod, expected) => {
    expect(restrictedViolations(pod)).toContain(expected);
  });
});
