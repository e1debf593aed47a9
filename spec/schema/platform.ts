// The platform itself: identity shared by every environment.
import { z } from "zod";
import { branchName, dnsLabel, dnsSubdomain, labels, labelValue } from "../formats.js";
import { urlCredentialIn } from "../url-credentials.js";

const REGISTRY = /^[A-Za-z0-9.-]+(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

export const PlatformSchema = z
  .strictObject({
    name: dnsLabel.describe("Platform name: app.kubernetes.io/part-of on every object."),
    version: labelValue.default("0.1.0").describe("app.kubernetes.io/version of platform-level objects (namespaces, quotas)."),
    owner: labelValue.optional().describe("Rendered as the label `owner` on every object."),
    team: labelValue.optional().describe("Rendered as the label `team` on every object."),
    labels: labels.default({}).describe("Labels added to every object."),
    manifests: z
      .array(z.string().min(1))
      .default([])
      .describe("Directories of hand-written YAML (relative to the config directory) rendered into every environment beside slipway's objects, through the same gate. See README: Extra manifests."),
    registry: z
      .string()
      .regex(REGISTRY, { error: 'use a registry host with an optional path, e.g. "ghcr.io/acme"' })
      .optional()
      .describe("Default registry, prefixed to image repositories that name no registry host."),
    trustDomain: dnsSubdomain.default("cluster.local").describe("Kubernetes/Istio trust domain (SPIFFE identities)."),
    output: z
      .enum(["files", "manifest"])
      .default("files")
      .describe("Layout of dist/<env>/: files (one YAML file per object under <namespace>/ and _cluster/, and a kustomization.yaml listing them) or manifest (one manifest.yaml of every object, Argo CD's source hydrator's layout; a namespace the environment renders into without owning it gets its own <namespace>/manifest.yaml, read by its own Application)."),
    gitops: z
      .strictObject({
        repoURL: z
          .string()
          .regex(/^(https:\/\/|ssh:\/\/|git@|file:\/\/|\/)\S+$/, { error: "use a git URL: https://…, ssh://…, git@host:org/repo.git, or a path" })
          .superRefine((url, ctx) => {
            const credential = urlCredentialIn(url);
            if (credential === undefined) return;
            ctx.addIssue({
              code: "custom",
              message: `holds ${credential}, which would be rendered into every argocd/ file and committed: remove it; Argo CD reads repository credentials from its own repository Secrets, and \`slipway publish\` from --repo or git's credential helper`,
            });
          })
          .describe("The GitOps output repository Argo CD syncs from, and `slipway publish` writes to."),
        branch: branchName.default("main").describe("Branch of the folder layout."),
        layout: z
          .enum(["folder", "branch"])
          .default("folder")
          .describe("folder: one <environment>/ folder per environment on one branch. branch: one environment/<environment> branch each (Argo CD source hydrator / GitOps Promoter contract, with hydrator.metadata)."),
        argocdNamespace: dnsLabel.default("argocd").describe("Namespace of Argo CD, where the AppProject and Applications go."),
        project: dnsLabel.optional().describe("Prefix of the Argo CD project names: each environment has its own AppProject, `<project>-<environment>`. @default the platform name."),
      })
      .optional()
      .describe("GitOps delivery: renders argocd/ and configures `slipway publish`."),
  })
  .describe("Platform identity.");

export type PlatformSpec = z.output<typeof PlatformSchema>;
