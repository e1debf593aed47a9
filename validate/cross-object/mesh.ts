// Mesh identities point at ServiceAccounts that exist, and identity rules only where mTLS proves them.
import type { KubeObject } from "../../constructs/synth.js";
import type { Json } from "../policy/rule.js";
import { type CrossObjectRule, type ObjectIndex, selectsPods } from "./object-index.js";

const PRINCIPAL = /^(.+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

function sources(policy: KubeObject): Json[] {
  return (((policy.spec as Json | undefined)?.rules as Json[] | undefined) ?? []).flatMap((rule) => ((rule.from as Json[] | undefined) ?? []).map((from) => from.source ?? {}));
}

/** The mTLS mode that applies to a policy's workloads: a workload PeerAuthentication, else the namespace's. */
function mtlsMode(index: ObjectIndex, policy: KubeObject): string | undefined {
  const namespace = policy.metadata.namespace;
  const authentications = index.inNamespace("PeerAuthentication", namespace ?? "default");
  const selector = (policy.spec as Json).selector;
  const workloads = selector ? index.selected(namespace ?? "default", selector) : [];
  const specific = authentications.find(
    (candidate) => (candidate.spec as Json)?.selector && workloads.some((workload) => selectsPods((candidate.spec as Json).selector, workload)),
  );
  const namespaceWide = authentications.find((candidate) => (candidate.spec as Json)?.selector === undefined);
  return ((specific ?? namespaceWide)?.spec as Json | undefined)?.mtls?.mode;
}

export const meshRules: readonly CrossObjectRule[] = [
  {
    id: "xo/principal-service-account",
    severity: "error",
    fix: "name a ServiceAccount that is rendered (principals are <trustDomain>/ns/<namespace>/sa/<account>)",
    check: (index) =>
      index.ofKind("AuthorizationPolicy").flatMap((policy) =>
        sources(policy)
          .flatMap((source) => (source.principals as string[] | undefined) ?? [])
          .flatMap((principal) => {
            const match = PRINCIPAL.exec(principal);
            if (match === null) return [{ object: policy, path: "spec.rules", message: `principal ${principal} is not <trustDomain>/ns/<namespace>/sa/<account>` }];
            const [, , namespace, account] = match;
            const rendered = index.find("ServiceAccount", namespace, account!) !== undefined;
            return !index.hasNamespace(namespace!) || rendered ? [] : [{ object: policy, path: "spec.rules", message: `principal ${principal} names ServiceAccount ${namespace}/${account}, which is not rendered` }];
          }),
      ),
  },
  {
    id: "xo/identity-without-strict-mtls",
    severity: "error",
    fix: "set the namespace's PeerAuthentication to STRICT, or limit these rules to ports (no principals)",
    check: (index) =>
      index.ofKind("AuthorizationPolicy").flatMap((policy) => {
        const identity = sources(policy).some((source) => ["principals", "notPrincipals", "namespaces", "notNamespaces"].some((field) => source[field] !== undefined));
        const mode = mtlsMode(index, policy);
        return identity && mode !== "STRICT"
          ? [{ object: policy, path: "spec.rules", message: `uses mesh identities, but mTLS here is ${mode ?? "not declared (no PeerAuthentication)"}: plaintext callers have no identity` }]
          : [];
      }),
  },
];
