import * as pulumi from "@pulumi/pulumi";

/** The value of an output of a component run with `runComponent` (as `pulumi up`: every value known). */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    pulumi.output(output).apply((v) => {
      resolve(v as T);
      return v;
    });
  });
}

export const KEY = "arn:aws:kms:eu-west-1:123456789012:key/env";
export const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
export const DATA_SUBNETS = ["subnet-data-0", "subnet-data-1", "subnet-data-2"];
