import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { policyJson, Statement } from "../shared/policies";

export interface ImagePullAccessArgs {
  /** The ECR repository (a service's) that holds the functions' images. */
  repositoryName: pulumi.Input<string>;
  /** ARNs of the functions that run an image of the repository; only they may pull. */
  functionArns: pulumi.Input<string>[];
}

/** Lets Lambda pull images of a repository, for the listed functions only. */
export function lambdaPullStatement(functionArns: pulumi.Input<string>[]): Statement {
  return {
    Sid: "LambdaPullForFunctions",
    Effect: "Allow",
    Principal: { Service: "lambda.amazonaws.com" },
    Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
    Condition: { StringLike: { "aws:sourceArn": functionArns } },
  };
}

/**
 * The repository policy of a service's ECR repository that lets Lambda pull the images of the functions
 * that run from it (Lambda reads a function's image through the repository policy, not through the
 * function's role). One per repository: a repository has a single policy. Functions depend on it.
 */
export class ImagePullAccess extends pulumi.ComponentResource {
  readonly policy: aws.ecr.RepositoryPolicy;

  constructor(name: string, args: ImagePullAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:events:ImagePullAccess", name, {}, opts);
    this.policy = new aws.ecr.RepositoryPolicy(
      name,
      { repository: args.repositoryName, policy: policyJson([lambdaPullStatement(args.functionArns)]) },
      { parent: this },
    );
    this.registerOutputs({ policy: this.policy });
  }
}
