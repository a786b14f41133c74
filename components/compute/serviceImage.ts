/** The image part of a service: its ECR repository, and the image reference its tasks run. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { parseImageRef } from "./image";
import { ServiceArgs, ServiceScope } from "./serviceArgs";

/** ECR lifecycle rules of a service's repository: untagged images expire after 7 days, 50 images are kept. */
export const REPOSITORY_LIFECYCLE_RULES = [
  {
    rulePriority: 1,
    description: "Expire untagged images after 7 days",
    selection: {
      tagStatus: "untagged",
      countType: "sinceImagePushed",
      countUnit: "days",
      countNumber: 7,
    },
    action: { type: "expire" },
  },
  {
    rulePriority: 2,
    description: "Keep the 50 most recent images",
    selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
    action: { type: "expire" },
  },
];

export interface ServiceImage {
  /** The service's own repository (KMS, scan on push, immutable tags). */
  repository: aws.ecr.Repository;
  /**
   * The reference the tasks run: pinned in the config, or read from its SSM parameter. None in a bootstrap
   * deploy of an `ssm:` image, whose parameter is not read (it may not exist yet).
   */
  image?: pulumi.Output<string>;
}

/** The config key that holds a first deploy's workloads back, named by the missing-parameter error. */
export const BOOTSTRAP_KEY = "platform:bootstrap";

/** The error of a service whose image parameter does not exist (outside a bootstrap deploy). */
export function missingImageParameterMessage(service: string, parameter: string): string {
  return (
    `service ${service}: ssm parameter ${parameter} does not exist; push the service's first image and ` +
    `write its reference there, or deploy once with ${BOOTSTRAP_KEY} true`
  );
}

/**
 * Whether an invoke failed because the SSM parameter does not exist. The provider (@pulumi/aws v7 bridges
 * the Terraform data source aws_ssm_parameter) fails the read with "reading SSM Parameter (<name>): couldn't
 * find resource", a NotFoundError wrapping SSM's ParameterNotFound, rather than returning an empty result
 * (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ssm/parameter_data_source.go,
 * https://github.com/hashicorp/terraform-provider-aws/issues/14777); the promise form of the invoke lets the
 * program catch it (https://github.com/pulumi/pulumi-aws/issues/4011).
 */
export function isParameterNotFound(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /couldn't find resource|ParameterNotFound/.test(text);
}

/**
 * The repository with its lifecycle policy, and the image reference to deploy. With `bootstrap`, an `ssm:`
 * image is not looked up: the workloads that would run it are held back.
 */
export function serviceImage(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "baseName" | "kmsKeyArn" | "protect" | "bootstrap">,
): ServiceImage {
  const { parent, name } = scope;
  const spec = inputs.spec;
  const repository = new aws.ecr.Repository(
    `${name}-repo`,
    {
      name: `${inputs.baseName}/${spec.name}`,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: inputs.kmsKeyArn }],
      forceDelete: false,
    },
    { parent, protect: inputs.protect ?? false },
  );
  new aws.ecr.LifecyclePolicy(
    `${name}-repo-lifecycle`,
    { repository: repository.name, policy: JSON.stringify({ rules: REPOSITORY_LIFECYCLE_RULES }) },
    { parent },
  );
  const image =
    spec.image.kind === "ref"
      ? pulumi.output(spec.image.ref)
      : inputs.bootstrap
        ? undefined
        : imageFromParameter(spec.name, spec.image.parameter, parent);
  return { repository, image };
}

/**
 * The image reference held by an SSM parameter, read at every deployment and checked for a tag or digest. A
 * parameter that does not exist is an error naming it and the bootstrap key.
 */
function imageFromParameter(
  service: string,
  parameter: string,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const value = aws.ssm.getParameter({ name: parameter }, { parent }).then(
    (result) => result.insecureValue,
    (err: unknown) => {
      throw isParameterNotFound(err) ? new Error(missingImageParameterMessage(service, parameter)) : err;
    },
  );
  return pulumi.output(value).apply((value) => {
    const parsed = parseImageRef(value);
    if (typeof parsed === "string") {
      throw new Error(
        `service ${service}: SSM parameter ${parameter} holds ${JSON.stringify(value)}, which ${parsed}`,
      );
    }
    return value;
  });
}
