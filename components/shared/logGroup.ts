import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EncryptedLogGroupArgs {
  /** Physical name; some services require a prefix (WAF: `aws-waf-logs-`). Default: auto-named. */
  logGroupName?: pulumi.Input<string>;
  /** Retention in days (a value CloudWatch accepts). */
  retentionInDays: number;
  /** The environment key. */
  kmsKeyArn: pulumi.Input<string>;
  /** Region of the log group when it is not the provider's (e.g. us-east-1 for CloudFront and its WAF); the key must be in the same region. Default: the provider's. */
  region?: string;
}

/** A CloudWatch log group that is always encrypted with the environment key and always expires. */
export function encryptedLogGroup(
  name: string,
  args: EncryptedLogGroupArgs,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    {
      name: args.logGroupName,
      retentionInDays: args.retentionInDays,
      kmsKeyId: args.kmsKeyArn,
      region: args.region,
    },
    opts,
  );
}
