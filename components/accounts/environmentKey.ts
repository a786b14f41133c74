import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { physicalName } from "../shared/naming";
import { policyJson } from "../shared/policies";
import { EXEC_KEY_TAG } from "../shared/tags";
import { environmentKeyPolicy } from "./keyPolicy";

export interface EnvironmentKeyArgs {
  /** Member account the key lives in. */
  accountId: pulumi.Input<string>;
  region: string;
  /** Alias of the key, without `alias/`. */
  alias: string;
  /** Days before a deleted key is destroyed (7..30). Default: 30. */
  deletionWindowInDays?: number;
  /** Mark the key `protect`: every encrypted store becomes unreadable without it. Default: true. */
  protect?: boolean;
  /**
   * The key encrypts ECS Exec sessions: tagged {@link EXEC_KEY_TAG}, which Identity Center's on-call
   * permission set reads. Default: false.
   */
  execSessions?: boolean;
}

/**
 * The environment's customer-managed KMS key: symmetric, rotated yearly, with a policy that lets the
 * account's services use it. Every encrypting component takes its ARN.
 */
export class EnvironmentKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly arn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;
  readonly aliasName: string;

  constructor(name: string, args: EnvironmentKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:accounts:EnvironmentKey", name, {}, opts);

    this.key = new aws.kms.Key(
      name,
      {
        description: `Environment key of ${args.alias}`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        policy: policyJson(environmentKeyPolicy({ accountId: args.accountId, region: args.region })),
        tags: args.execSessions ? { [EXEC_KEY_TAG]: "true" } : undefined,
      },
      { parent: this, protect: args.protect ?? true },
    );
    this.aliasName = `alias/${physicalName([args.alias], 250)}`;
    new aws.kms.Alias(
      `${name}-alias`,
      { name: this.aliasName, targetKeyId: this.key.keyId },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;

    this.registerOutputs({ key: this.key, arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
