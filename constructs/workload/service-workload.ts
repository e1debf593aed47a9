// Everything one service declaration yields: ServiceAccount, Deployment, Service, and when they
// apply a PodDisruptionBudget, a HorizontalPodAutoscaler and a VerticalPodAutoscaler.
import { k8s } from "cdk8s-plus-28";
import { Construct } from "constructs";
import type { IVerticalPodAutoscaler } from "@kubernetes-models/autoscaler/autoscaling.k8s.io/v1/VerticalPodAutoscaler";
import type { EnvironmentSpec } from "../../spec/index.js";
import { namespaceNameOf, podContainers, ROLLING_UPDATE_MAX_SURGE } from "../../spec/workload.js";
import { POLICY_EXCEPTIONS_ANNOTATION, selectorLabels, serviceLabels } from "../labels.js";
import { coreObject, modelObject } from "../model-object.js";
import { secretTargetName, usesSecrets } from "../secrets/secret-wiring.js";
import { hpaSpec, vpaSpec, vpaUpdateMode } from "./autoscaling.js";
import { pdbSpec } from "./disruption-budget.js";
import { podTemplate } from "./pod-template.js";

export interface ServiceWorkloadProps {
  /** The resolved environment the service is rendered for. */
  readonly environment: EnvironmentSpec;
  /** Key of the service in `environment.services`. */
  readonly serviceName: string;
}

export const VPA_MODE_ANNOTATION = "slipway.dev/vpa-requested-mode";

export class ServiceWorkload extends Construct {
  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    const { environment, serviceName: name } = props;
    const service = environment.services[name]!;
    const metadata = {
      name,
      namespace: namespaceNameOf(service, environment),
      labels: serviceLabels(name, environment),
    };
    const selector = selectorLabels(name, environment);

    coreObject(this, "service-account", k8s.KubeServiceAccount, {
      metadata: Object.keys(service.serviceAccount.annotations).length === 0 ? metadata : { ...metadata, annotations: service.serviceAccount.annotations },
      automountServiceAccountToken: service.serviceAccount.automountToken,
    });

    // With Stakater Reloader, a changed value in the Secret rolls the pods; otherwise they read it on their next start.
    const reload = environment.secretRotation === "reloader" && usesSecrets(name, service);
    const annotations = {
      ...(reload ? { "secret.reloader.stakater.com/reload": secretTargetName(name) } : {}),
      ...(service.policyExceptions.length > 0 ? { [POLICY_EXCEPTIONS_ANNOTATION]: JSON.stringify(service.policyExceptions) } : {}),
    };
    coreObject(this, "deployment", k8s.KubeDeployment, {
      metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
      spec: {
        // Under an HPA the replica count is the HPA's; rendering one would make Argo CD reset it.
        ...(service.autoscaling ? {} : { replicas: service.replicas ?? 1 }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: k8s.IntOrString.fromString(ROLLING_UPDATE_MAX_SURGE), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: podTemplate(name, service, environment),
      },
    });

    const ports = podContainers(name, service).flatMap(({ spec }) => spec.ports);
    if (ports.length > 0) {
      coreObject(this, "service", k8s.KubeService, {
        metadata,
        spec: {
          type: "ClusterIP",
          selector,
          ports: ports.map((port) => ({
            name: port.name,
            port: port.port,
            targetPort: k8s.IntOrString.fromString(port.name),
            protocol: "TCP",
            appProtocol: port.protocol,
          })),
        },
      });
    }

    const budget = pdbSpec(service, selector);
    if (budget) coreObject(this, "pdb", k8s.KubePodDisruptionBudget, { metadata, spec: budget });

    if (service.autoscaling) coreObject(this, "hpa", k8s.KubeHorizontalPodAutoscalerV2, { metadata, spec: hpaSpec(name, service.autoscaling) });

    if (service.vpa) {
      const overridden = vpaUpdateMode(service.vpa, service.autoscaling) !== service.vpa.mode;
      const vpa: IVerticalPodAutoscaler = {
        apiVersion: "autoscaling.k8s.io/v1",
        kind: "VerticalPodAutoscaler",
        metadata: overridden ? { ...metadata, annotations: { [VPA_MODE_ANNOTATION]: `${service.vpa.mode} (Off: the HPA scales on cpu/memory)` } } : metadata,
        spec: vpaSpec(name, service.vpa, service.autoscaling),
      };
      modelObject(this, "vpa", vpa);
    }
  }
}
