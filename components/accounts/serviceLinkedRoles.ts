/**
 * The service-linked roles a member account needs before the environment's first resources of a service
 * exist, created once per account and depended on by those resources.
 *
 * Which services, and why (each service's "Using service-linked roles" page):
 * - `ecs.amazonaws.com` (AWSServiceRoleForECS): ECS documents that it creates the role on the first
 *   CreateCluster, but a cluster with capacity providers created in the same minute fails with "Unable to
 *   assume the service linked role. Please verify that the ECS service linked role exists." and succeeds
 *   on a retry (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html,
 *   aws-cloudformation/cloudformation-coverage-roadmap#818, terraform-aws-modules/terraform-aws-ecs#26).
 * - `opensearchservice.amazonaws.com` (AWSServiceRoleForAmazonOpenSearchService): a VPC domain created
 *   through the API (not the console) fails without it; OpenSearch asks for it to be created first
 *   (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/slr.html).
 *
 * Not created here, because the service creates its own role in the call that first needs it and the
 * stack's deploy role may `iam:CreateServiceLinkedRole`: Application Auto Scaling for ECS (on
 * RegisterScalableTarget), Elastic Load Balancing, RDS, ElastiCache, MSK, EC2 Auto Scaling (the VPN's
 * group), GuardDuty, Inspector, AWS Backup and Config (both run here with roles of their own). Fargate Spot
 * runs under the ECS role; the EC2 Spot role (`spot.amazonaws.com`) is for EC2 Spot Instances only.
 *
 * A role that already exists in an adopted account cannot be created again ("Service role name ... has
 * been taken in this account"). Adopt it instead, once, before the first `pulumi up`:
 *
 *     pulumi import aws:iam/serviceLinkedRole:ServiceLinkedRole slr-ecs \
 *       arn:aws:iam::<account>:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS \
 *       --parent name=<urn of the platform:accounts:ServiceLinkedRoles component> \
 *       --provider name=<urn of account-provider>
 *
 * Every role is `retainOnDelete`: other workloads of the account may use it, and deleting a role in use
 * fails anyway, so neither `pulumi destroy` nor an import removed later deletes it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The AWS services whose role this component can create, with the role AWS names for each. */
export const SERVICE_LINKED_ROLES = {
  "ecs.amazonaws.com": "AWSServiceRoleForECS",
  "opensearchservice.amazonaws.com": "AWSServiceRoleForAmazonOpenSearchService",
} as const;
export type LinkedService = keyof typeof SERVICE_LINKED_ROLES;

/** The short name of a role's resource: `slr-ecs`, `slr-opensearchservice`. */
export function linkedRoleResourceName(service: LinkedService): string {
  return `slr-${service.split(".")[0]}`;
}

/** The ARN of the role of `service` in an account, the form `pulumi import` takes. */
export function linkedRoleArn(accountId: string, service: LinkedService): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/${service}/${SERVICE_LINKED_ROLES[service]}`;
}

export interface ServiceLinkedRolesArgs {
  /** The services the environment uses that need their role first (ECS always; OpenSearch with search). */
  services: readonly LinkedService[];
}

/** The account's service-linked roles; `for(service)` is what a dependent resource waits for. */
export class ServiceLinkedRoles extends pulumi.ComponentResource {
  readonly roles: Partial<Record<LinkedService, aws.iam.ServiceLinkedRole>>;

  constructor(name: string, args: ServiceLinkedRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:accounts:ServiceLinkedRoles", name, {}, opts);
    this.roles = {};
    for (const service of new Set(args.services)) {
      this.roles[service] = new aws.iam.ServiceLinkedRole(
        linkedRoleResourceName(service),
        // No description or suffix: an adopted role imports without a diff.
        { awsServiceName: service },
        { parent: this, retainOnDelete: true },
      );
    }
    this.registerOutputs({
      roleArns: Object.fromEntries(Object.entries(this.roles).map(([s, r]) => [s, r.arn])),
    });
  }

  /** The role a resource of `service` must be created after (empty when the environment does not use it). */
  for(service: LinkedService): pulumi.Resource[] {
    const role = this.roles[service];
    return role === undefined ? [] : [role];
  }
}
