/**
 * The parent public hosted zone of the environments' domains, in the shared-services account, and for each
 * environment a role that may write exactly that environment's delegation (its NS records) into it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { NAME_LIMITS } from "../shared/naming";
import { policyJson, Statement } from "../shared/policies";

/**
 * A DNS name as Route 53's condition keys compare it: lower case, no trailing dot
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html, "normalized").
 */
export function normalizedName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** Whether `domain` lies strictly below `parent` (`dev.example.com` below `example.com`). */
export function isSubdomainOf(domain: string, parent: string): boolean {
  const d = normalizedName(domain);
  const p = normalizedName(parent);
  return d.endsWith(`.${p}`) && d.length > p.length + 1 && !d.startsWith(".");
}

/** The name of an environment's delegation role. */
export function delegationRoleName(namePrefix: string, environment: string): string {
  return `${namePrefix}-dns-delegation-${environment}`;
}

/** The actions on a delegation the role may take: create it, replace it (UPSERT) and delete it. */
export const DELEGATION_ACTIONS = ["CREATE", "UPSERT", "DELETE"];

/**
 * What a delegation role may do in the parent zone: change record sets only if every change is an NS
 * record named exactly `domain` (the multivalued `route53:ChangeResourceRecordSets*` keys, compared with
 * `ForAllValues`, and required present with `Null`), and the reads the AWS provider makes around a
 * change: the zone (GetHostedZone), its records (ListResourceRecordSets) and the change's status
 * (GetChange) (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html,
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-permissions.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html).
 */
export function delegationStatements(zoneId: pulumi.Input<string>, domain: string): Statement[] {
  const zoneArn = pulumi.interpolate`arn:aws:route53:::hostedzone/${zoneId}`;
  return [
    {
      Sid: "ChangeOwnDelegationOnly",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: zoneArn,
      Condition: {
        "ForAllValues:StringEquals": {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": [normalizedName(domain)],
          "route53:ChangeResourceRecordSetsRecordTypes": ["NS"],
          "route53:ChangeResourceRecordSetsActions": DELEGATION_ACTIONS,
        },
        Null: {
          "route53:ChangeResourceRecordSetsNormalizedRecordNames": "false",
          "route53:ChangeResourceRecordSetsRecordTypes": "false",
        },
      },
    },
    {
      Sid: "ReadParentZone",
      Effect: "Allow",
      Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets"],
      Resource: zoneArn,
    },
    {
      Sid: "ReadChanges",
      Effect: "Allow",
      Action: "route53:GetChange",
      Resource: "arn:aws:route53:::change/*",
    },
  ];
}

/**
 * The trust of a delegation role: the environment account, and within it only the given principals. The
 * principals are matched by `aws:PrincipalArn` under the account's root principal rather than named
 * directly, because IAM refuses a trust policy that names a role that does not exist yet
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles),
 * and an environment's deploy role is created by the environment's own first deploy.
 */
export function delegationTrust(accountId: pulumi.Input<string>, roleNames: readonly string[]): Statement[] {
  return [
    {
      Sid: "EnvironmentDeployers",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:aws:iam::${accountId}:root` },
      Action: "sts:AssumeRole",
      Condition: {
        ArnEquals: {
          "aws:PrincipalArn": roleNames.map(
            (role) => pulumi.interpolate`arn:aws:iam::${accountId}:role/${role}`,
          ),
        },
      },
    },
  ];
}

/** The parent zone: created, or an existing zone adopted. */
export type ParentZoneSpec =
  | {
      mode: "create";
      /** Name of the zone (`example.com`). */
      name: string;
    }
  | {
      mode: "adopt";
      /** Id of the existing public hosted zone (it is never modified, only written to by the roles). */
      zoneId: string;
      /** Its name. */
      name: string;
    };

/** An environment whose domain is delegated from the parent zone. */
export interface DelegatedEnvironment {
  /** The environment's name (`dev`): the role is `<namePrefix>-dns-delegation-<name>`. */
  name: string;
  /** The environment's domain, strictly below the parent zone (`dev.example.com`). */
  domain: string;
  /** The environment's account (unknown until a created account exists). */
  accountId: pulumi.Input<string>;
  /** Roles of that account that may assume the role, by name: its deploy role and its access role. */
  roleNames: readonly string[];
}

export interface ParentZoneArgs {
  /** Provider of the shared-services account, where the zone and the roles live. */
  sharedServices: aws.Provider;
  /** The parent zone. */
  zone: ParentZoneSpec;
  /** Prefix of the roles' names, e.g. `platform`. */
  namePrefix: string;
  /** The environments, one delegation role each. */
  environments: readonly DelegatedEnvironment[];
  /** Mark a created zone `protect`. Default: true. */
  protect?: boolean;
}

/** The problems of the environments against the parent zone (empty: none). */
export function delegationProblems(
  zoneName: string,
  namePrefix: string,
  environments: readonly DelegatedEnvironment[],
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const env of environments) {
    if (!/^[a-z0-9.-]+$/.test(normalizedName(env.domain))) {
      // Other characters appear octal-escaped in the condition key's values, which this role does not write.
      problems.push(
        `environment ${env.name}: domain ${env.domain} holds characters other than a-z, 0-9, '-' and '.'`,
      );
    }
    if (!isSubdomainOf(env.domain, zoneName)) {
      problems.push(
        `environment ${env.name}: domain ${env.domain} is not a subdomain of the parent zone ${zoneName}`,
      );
    }
    const role = delegationRoleName(namePrefix, env.name);
    if (role.length > NAME_LIMITS.iamRole || !/^[\w+=,.@-]+$/.test(role)) {
      problems.push(`environment ${env.name}: role name ${role} is not 1..64 letters, digits and _+=,.@-`);
    }
    if (seen.has(env.name)) {
      problems.push(`environment ${env.name} is listed twice`);
    }
    seen.add(env.name);
    if (env.roleNames.length === 0) {
      problems.push(`environment ${env.name}: no principal may assume its delegation role`);
    }
  }
  return problems;
}

/**
 * The parent zone and one delegation role per environment. An environment's stack assumes its role to
 * write its zone's NS records into the parent zone; the role can change nothing else.
 */
export class ParentZone extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly zoneName: string;
  readonly nameServers: pulumi.Output<string[]>;
  /** ARN of each environment's delegation role, by environment name. */
  readonly roleArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ParentZoneArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:ParentZone", name, {}, opts);
    const parent = { parent: this, provider: args.sharedServices };
    this.zoneName = normalizedName(args.zone.name);
    const problems = delegationProblems(this.zoneName, args.namePrefix, args.environments);
    if (problems.length > 0) {
      throw new Error(`parent zone ${this.zoneName}:\n  ${problems.join("\n  ")}`);
    }

    if (args.zone.mode === "create") {
      const zone = new aws.route53.Zone(
        `${name}-zone`,
        { name: this.zoneName, comment: "Parent zone of the environments' domains", forceDestroy: false },
        { ...parent, protect: args.protect ?? true },
      );
      this.zoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
    } else {
      this.zoneId = pulumi.output(args.zone.zoneId);
      this.nameServers = aws.route53
        .getZoneOutput({ zoneId: args.zone.zoneId }, { parent: this, provider: args.sharedServices })
        .apply((z) => z.nameServers);
    }

    this.roleArns = {};
    for (const env of args.environments) {
      const role = new aws.iam.Role(
        `${name}-${env.name}`,
        {
          name: delegationRoleName(args.namePrefix, env.name),
          description: `Writes the NS records of ${normalizedName(env.domain)} into ${this.zoneName}`,
          assumeRolePolicy: policyJson(delegationTrust(env.accountId, env.roleNames)),
          maxSessionDuration: 3600,
        },
        parent,
      );
      new aws.iam.RolePolicy(
        `${name}-${env.name}-delegation`,
        { role: role.id, policy: policyJson(delegationStatements(this.zoneId, env.domain)) },
        parent,
      );
      this.roleArns[env.name] = role.arn;
    }

    this.registerOutputs({
      zoneId: this.zoneId,
      zoneName: this.zoneName,
      nameServers: this.nameServers,
      roleArns: this.roleArns,
    });
  }
}
