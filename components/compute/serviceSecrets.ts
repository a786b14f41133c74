/**
 * The secrets of a service: every `secretsmanager:<name>` its variables reference is a Secrets Manager
 * secret `<namePrefix>-<env>/<service>/<name>` that the platform creates empty, encrypted with the
 * environment key. Its value is set out of band (`aws secretsmanager put-secret-value`), never by the
 * program: no version is created, so no value is in the code or the state, and a value set later is not
 * reverted by the next `pulumi up`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { ServiceArgs, ServiceScope } from "./serviceArgs";
import { secretNamespace, secretValueFrom } from "./servicePolicies";
import { SecretRef, ServiceSpec } from "./serviceSpec";

/** The secret names a service references, each with the variables that read it, in first-use order. */
export function secretNames(spec: Pick<ServiceSpec, "secrets">): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const [variable, ref] of Object.entries(spec.secrets)) {
    names.set(ref.name, [...(names.get(ref.name) ?? []), variable]);
  }
  return names;
}

/**
 * One empty secret per name the service references (two variables may read two keys of one JSON secret),
 * by name. Stateful: `protect` from the tier. An ECS task whose secret has no value yet does not start
 * (ResourceInitializationError), so the values are set before the first deploy that runs the workloads (the
 * one after a bootstrap deploy).
 */
export function serviceSecrets(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "baseName" | "kmsKeyArn" | "protect">,
): Record<string, aws.secretsmanager.Secret> {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const namespace = secretNamespace(inputs.baseName, spec.name);
  const secrets: Record<string, aws.secretsmanager.Secret> = {};
  for (const [secret, variables] of secretNames(spec)) {
    secrets[secret] = new aws.secretsmanager.Secret(
      `${name}-secret-${secret}`,
      {
        name: `${namespace}/${secret}`,
        description: `${spec.name}: ${variables.join(", ")}; the value is set out of band, not by the platform`,
        kmsKeyId: inputs.kmsKeyArn,
      },
      { parent, protect: inputs.protect ?? false },
    );
  }
  return secrets;
}

/** The container's secrets: each variable's `valueFrom`, the full ARN of its created secret. */
export function containerSecrets(
  spec: Pick<ServiceSpec, "secrets">,
  secrets: Record<string, { arn: pulumi.Input<string> }>,
): pulumi.Output<Record<string, string>> {
  const entries = Object.entries<SecretRef>(spec.secrets);
  return pulumi
    .all(entries.map(([, ref]) => secrets[ref.name].arn))
    .apply((arns) =>
      Object.fromEntries(entries.map(([variable, ref], i) => [variable, secretValueFrom(ref, arns[i])])),
    );
}
