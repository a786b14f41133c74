/**
 * IAM statements an app team's roles need on the platform, in the shape of an IAM policy document's
 * `Statement` list. The platform builds the same statements for its own services (a platform test checks
 * that the two agree).
 */
import * as pulumi from "@pulumi/pulumi";

/** One statement of an IAM policy document. */
export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[] | boolean>>;
}

/**
 * Read one secret (or a prefix of secrets, `...:secret:<team>/*`) encrypted with `kmsKeyArn`, decrypting
 * only through Secrets Manager in `region` (`kms:ViaService`,
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
 */
export function secretRead(
  secretArn: pulumi.Input<string>,
  kmsKeyArn: pulumi.Input<string>,
  region: string,
): Statement[] {
  return [
    {
      Sid: "ReadSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: secretArn,
    },
    {
      Sid: "DecryptSecretThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
    },
  ];
}
