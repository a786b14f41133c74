/**
 * The Organization's security services, administered from the security account: GuardDuty, Security Hub,
 * AWS Config (an organization aggregator), IAM Access Analyzer (an organization analyzer) and Inspector.
 *
 * The order AWS needs, on a first deploy into an empty Organization:
 * 1. Trusted access for every service in {@link SECURITY_SERVICE_PRINCIPALS} on the Organization
 *    (`awsServiceAccessPrincipals`); the Organization reaches this component as `dependsOn` in its options,
 *    and every management-account call below waits for it
 *    (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services.html).
 * 2. In the security account, GuardDuty's detector and Security Hub's hub. Designating a delegated GuardDuty administrator "also enables GuardDuty for the
 *    delegated GuardDuty administrator account"
 *    (https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html), after which creating
 *    the detector would fail because one exists. The hub is created first too, so that it is this
 *    program's (with its default standards off) whatever the designation turns on; Security Hub requires
 *    the Organizations integration before an account is designated
 *    (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-securityhub-delegatedadmin.html).
 * 3. The delegated administrators, through the management account.
 * 4. In the security account, each service's organization configuration, which only a delegated
 *    administrator may write (GuardDuty's UpdateOrganizationConfiguration "configures the delegated
 *    administrator account",
 *    https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { GUARDDUTY_FEATURES as ACCOUNT_GUARDDUTY_FEATURES } from "../accounts/securityBaseline";
import { physicalName } from "../shared/naming";
import { policyJson } from "../shared/policies";
import { plainDependsOn } from "./ordering";

/**
 * The service principals this component needs trusted access for (the Organization's
 * `awsServiceAccessPrincipals`): GuardDuty, Security Hub, AWS Config, IAM Access Analyzer and Inspector
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_services_list.html). Config and
 * Access Analyzer are also the principals of their delegated administrators.
 */
export const SECURITY_SERVICE_PRINCIPALS = [
  "guardduty.amazonaws.com",
  "securityhub.amazonaws.com",
  "config.amazonaws.com",
  "access-analyzer.amazonaws.com",
  "inspector2.amazonaws.com",
] as const;

/**
 * GuardDuty's protection plans turned on for every account (the names of DetectorFeatureConfiguration,
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html): an
 * account detector's (S3 data events, malware scans of EBS volumes, RDS login activity) and Lambda network
 * activity.
 */
export const GUARDDUTY_FEATURES = [...ACCOUNT_GUARDDUTY_FEATURES, "LAMBDA_NETWORK_LOGS"] as const;

/**
 * The ARNs of the Security Hub standards subscribed in a Region: AWS Foundational Security Best Practices
 * v1.0.0 and CIS AWS Foundations Benchmark v3.0.0 (both ARNs carry the Region; CIS v1.2.0's older
 * `ruleset/` ARN does not)
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/standards-reference.html).
 */
export function securityStandardArns(region: string, partition = "aws"): { fsbp: string; cis: string } {
  return {
    fsbp: `arn:${partition}:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    cis: `arn:${partition}:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
  };
}

/** The managed policy of an organization aggregator's role: read-only Organizations calls. */
export const CONFIG_ORGANIZATIONS_POLICY_ARN =
  "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/**
 * The trust of the aggregator's role: AWS Config assumes it to list the Organization's accounts
 * (https://docs.aws.amazon.com/config/latest/developerguide/aggregate-data.html). No `aws:SourceAccount`
 * condition: the aggregator pages do not say Config sends it on this call, and the role can only read
 * the Organization's account list.
 */
export function aggregatorTrust(): pulumi.Output<string> {
  return policyJson([
    { Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "sts:AssumeRole" },
  ]);
}

export interface SecurityServicesArgs {
  /** Provider of the Organization's management account: designates the delegated administrators. */
  management: aws.Provider;
  /** Provider of the security account: every service's organization-wide settings are made there. */
  security: aws.Provider;
  /** Id of the security account, the delegated administrator of every service here. */
  securityAccountId: pulumi.Input<string>;
  /** The Region the services are administered in (GuardDuty, Security Hub and Inspector are regional). */
  region: string;
  /** Prefix of physical names, e.g. `platform`. */
  namePrefix: string;
  /**
   * Id of a GuardDuty detector that already exists in the security account in this Region (Control Tower
   * or an earlier setup made one): it is adopted and no detector is created. Default: a detector is
   * created.
   */
  existingGuardDutyDetectorId?: pulumi.Input<string>;
  /** GuardDuty features turned on for every account and the security account itself. Default: {@link GUARDDUTY_FEATURES}. */
  guardDutyFeatures?: readonly string[];
  /**
   * The member accounts Inspector scans, by a name of the account (shared services, each environment that
   * asks for it): the delegated administrator associates and enables each. Default: none.
   */
  inspectorMembers?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** What Inspector scans in every account it is enabled for. */
export const INSPECTOR_RESOURCE_TYPES = ["EC2", "ECR", "LAMBDA"] as const;

/**
 * The security account as delegated administrator of GuardDuty, Security Hub, AWS Config, IAM Access
 * Analyzer and Inspector for the whole Organization. The caller enables trusted access for
 * {@link SECURITY_SERVICE_PRINCIPALS} on the Organization and passes it in `dependsOn`.
 *
 * What auto-enabling covers (each service's organization configuration):
 * - GuardDuty: `ALL` accounts, the existing ones included
 *   (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html);
 * - Security Hub: accounts that join after the setting (`autoEnable` applies to new members:
 *   https://docs.aws.amazon.com/securityhub/latest/APIReference/API_UpdateOrganizationConfiguration.html).
 *   Accounts already in the Organization are enabled once from the security account's console or API.
 * - Inspector: none automatically (auto-enable off), so that the config decides per account: the
 *   administrator associates each of `inspectorMembers` and enables its scans, and its own. It is the one
 *   owner: a member account cannot deactivate Inspector itself
 *   (https://docs.aws.amazon.com/inspector/latest/user/deactivating-best-practices.html), and an enabler
 *   names either the administrator or members, never both (the provider's `accountIds`).
 */
export class SecurityServices extends pulumi.ComponentResource {
  readonly guardDutyDetectorId: pulumi.Output<string>;
  readonly guardDutyAdmin: aws.guardduty.OrganizationAdminAccount;
  readonly securityHubAdmin: aws.securityhub.OrganizationAdminAccount;
  readonly configAdmin: aws.organizations.DelegatedAdministrator;
  readonly accessAnalyzerAdmin: aws.organizations.DelegatedAdministrator;
  readonly inspectorAdmin: aws.inspector2.DelegatedAdminAccount;
  readonly aggregatorArn: pulumi.Output<string>;
  readonly analyzerArn: pulumi.Output<string>;

  constructor(name: string, args: SecurityServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:organization:SecurityServices", name, {}, opts);
    const security = { parent: this, provider: args.security };
    // The management account's calls wait for the Organization (and its trusted access) explicitly.
    const organization = plainDependsOn(opts?.dependsOn);
    const management = (after: pulumi.Resource[] = []): pulumi.CustomResourceOptions => ({
      parent: this,
      provider: args.management,
      dependsOn: [...organization, ...after],
    });
    const features = args.guardDutyFeatures ?? GUARDDUTY_FEATURES;

    // GuardDuty: the security account's detector first, then the designation, then the organization's settings.
    const detector =
      args.existingGuardDutyDetectorId === undefined
        ? new aws.guardduty.Detector(
            `${name}-guardduty`,
            { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" },
            security,
          )
        : undefined;
    this.guardDutyDetectorId = detector?.id ?? pulumi.output(args.existingGuardDutyDetectorId!);
    this.guardDutyAdmin = new aws.guardduty.OrganizationAdminAccount(
      `${name}-guardduty-admin`,
      { adminAccountId: args.securityAccountId },
      management(detector === undefined ? [] : [detector]),
    );
    const guardDutyOrg = new aws.guardduty.OrganizationConfiguration(
      `${name}-guardduty-org`,
      { detectorId: this.guardDutyDetectorId, autoEnableOrganizationMembers: "ALL" },
      { ...security, dependsOn: [this.guardDutyAdmin] },
    );
    for (const feature of features) {
      const slug = feature.toLowerCase().replace(/_/g, "-");
      new aws.guardduty.OrganizationConfigurationFeature(
        `${name}-guardduty-org-${slug}`,
        { detectorId: this.guardDutyDetectorId, name: feature, autoEnable: "ALL" },
        { ...security, dependsOn: [guardDutyOrg] },
      );
      new aws.guardduty.DetectorFeature(
        `${name}-guardduty-${slug}`,
        { detectorId: this.guardDutyDetectorId, name: feature, status: "ENABLED" },
        security,
      );
    }

    // Security Hub: the hub without its default standards (the two below are subscribed explicitly, so that
    // removing one is a change Pulumi sees), then the designation, then auto-enabling.
    const hub = new aws.securityhub.Account(
      `${name}-securityhub`,
      { enableDefaultStandards: false, autoEnableControls: true },
      security,
    );
    this.securityHubAdmin = new aws.securityhub.OrganizationAdminAccount(
      `${name}-securityhub-admin`,
      { adminAccountId: args.securityAccountId },
      management([hub]),
    );
    new aws.securityhub.OrganizationConfiguration(
      `${name}-securityhub-org`,
      {
        autoEnable: true,
        autoEnableStandards: "DEFAULT",
        organizationConfiguration: { configurationType: "LOCAL" },
      },
      { ...security, dependsOn: [this.securityHubAdmin] },
    );
    for (const [key, arn] of Object.entries(securityStandardArns(args.region))) {
      new aws.securityhub.StandardsSubscription(
        `${name}-securityhub-${key}`,
        { standardsArn: arn },
        { ...security, dependsOn: [hub] },
      );
    }

    // AWS Config: the security account aggregates every account's configuration in every Region.
    this.configAdmin = new aws.organizations.DelegatedAdministrator(
      `${name}-config-admin`,
      { accountId: args.securityAccountId, servicePrincipal: "config.amazonaws.com" },
      management(),
    );
    const aggregatorRole = new aws.iam.Role(
      `${name}-config-aggregator`,
      { assumeRolePolicy: aggregatorTrust(), description: "AWS Config organization aggregator" },
      security,
    );
    const aggregatorPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-config-aggregator-policy`,
      { role: aggregatorRole.name, policyArn: CONFIG_ORGANIZATIONS_POLICY_ARN },
      security,
    );
    const aggregator = new aws.cfg.ConfigurationAggregator(
      `${name}-config-aggregator`,
      {
        name: physicalName([args.namePrefix, "organization"], 256),
        organizationAggregationSource: { allRegions: true, roleArn: aggregatorRole.arn },
      },
      { ...security, dependsOn: [this.configAdmin, aggregatorPolicy] },
    );
    this.aggregatorArn = aggregator.arn;

    // IAM Access Analyzer: one analyzer whose zone of trust is the Organization.
    this.accessAnalyzerAdmin = new aws.organizations.DelegatedAdministrator(
      `${name}-access-analyzer-admin`,
      { accountId: args.securityAccountId, servicePrincipal: "access-analyzer.amazonaws.com" },
      management(),
    );
    const analyzer = new aws.accessanalyzer.Analyzer(
      `${name}-access-analyzer`,
      { analyzerName: physicalName([args.namePrefix, "organization"], 255), type: "ORGANIZATION" },
      { ...security, dependsOn: [this.accessAnalyzerAdmin] },
    );
    this.analyzerArn = analyzer.arn;

    // Inspector: scanning of EC2 instances, ECR images and Lambda functions of the accounts chosen.
    this.inspectorAdmin = new aws.inspector2.DelegatedAdminAccount(
      `${name}-inspector-admin`,
      { accountId: args.securityAccountId },
      management(),
    );
    const afterAdmin = { ...security, dependsOn: [this.inspectorAdmin] };
    new aws.inspector2.OrganizationConfiguration(
      `${name}-inspector-org`,
      { autoEnable: { ec2: false, ecr: false, lambda: false } },
      afterAdmin,
    );
    new aws.inspector2.Enabler(
      `${name}-inspector`,
      { accountIds: [args.securityAccountId], resourceTypes: [...INSPECTOR_RESOURCE_TYPES] },
      afterAdmin,
    );
    const members = Object.entries(args.inspectorMembers ?? {}).map(
      ([key, accountId]) =>
        new aws.inspector2.MemberAssociation(`${name}-inspector-${key}`, { accountId }, afterAdmin),
    );
    if (members.length > 0) {
      new aws.inspector2.Enabler(
        `${name}-inspector-members`,
        {
          accountIds: Object.values(args.inspectorMembers ?? {}),
          resourceTypes: [...INSPECTOR_RESOURCE_TYPES],
        },
        { ...security, dependsOn: members },
      );
    }

    this.registerOutputs({
      guardDutyDetectorId: this.guardDutyDetectorId,
      aggregatorArn: this.aggregatorArn,
      analyzerArn: this.analyzerArn,
    });
  }
}
