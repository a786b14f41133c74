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
  /** The reference the tasks run: pinned in the config, or read from its SSM parameter. */
  image: pulumi.Output<string>;
}

/** The repository with its lifecycle policy, and the image reference to deploy. */
export function serviceImage(
  scope: ServiceScope,
  inputs: Pick<ServiceArgs, "spec" | "baseName" | "kmsKeyArn" | "protect">,
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
      : imageFromParameter(spec.name, spec.image.parameter, parent);
  return { repository, image };
}

/** The image reference held by an SSM parameter, read at every deployment and checked for a tag or digest. */
function imageFromParameter(
  service: string,
  parameter: string,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  return aws.ssm.getParameterOutput({ name: parameter }, { parent }).insecureValue.apply((value) => {
    const parsed = parseImageRef(value);
    if (typeof parsed === "string") {
      throw new Error(
        `service ${service}: SSM parameter ${parameter} holds ${JSON.stringify(value)}, which ${parsed}`,
      );
    }
    return value;
  });
}
