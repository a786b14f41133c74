/**
 * The Organization's shared accounts (components/organization): delegated administration of the security
 * services, the organization-wide Config aggregator, and the shared registry's replication.
 */
import { compute, none, security } from "../rules";
import { CatalogEntry } from "./entry";
import { aws, awsGlobal } from "./replacement";

const DESIGNATION = "an account designation: no name, description or tags of its own";
const SETTING = "an account or resource setting: no name or description of its own";

export const ORGANIZATION: readonly CatalogEntry[] = [
  {
    type: "aws:cfg/configurationAggregator:ConfigurationAggregator",
    replaceOn: aws("config_configuration_aggregator", ["name"]),
    unexposed:
      "reads Config data of the organization's accounts into the security account; no endpoint, no resource policy",
    uniqueName: { property: "name", auto: true },
    api: security.CONFIG_AGGREGATOR,
    unruled: "AWS Config: a detective control; its role is tested by the component",
  },
  {
    type: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    replaceOn: aws("ecr_replication_configuration", []),
    unexposed: "copies images within the registry's own account; no endpoint, no resource policy",
    api: none("one configuration per registry; Regions and prefixes are typed and checked by the templates"),
    unruled: "copies images between Regions; the replicated repositories take the templates' settings",
  },
  {
    type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
    replaceOn: aws("ecr_repository_creation_template", ["prefix"]),
    unexposed:
      "settings of replicated repositories; its repository policy names the environment accounts only (registry.test.ts checks the statements)",
    api: compute.REPOSITORY_TEMPLATE,
    unruled:
      "settings of replicated repositories: immutable tags, KMS and the pull policy, tested by the component",
  },
  {
    type: "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
    replaceOn: aws("guardduty_organization_admin_account", ["adminAccountId"]),
    unexposed: "designates the security account as administrator; no endpoint, no resource policy",
    api: none(DESIGNATION),
    unruled: "designates the security account as GuardDuty's delegated administrator (tested)",
    creation: { p50: 10, p90: 60, source: "the provider waits for the administrator's status to be ENABLED" },
  },
  {
    type: "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
    replaceOn: aws("guardduty_organization_configuration", ["detectorId"]),
    unexposed: "a detection setting; no endpoint, no resource policy",
    api: none(SETTING),
    unruled: "auto-enables GuardDuty for every account: a detective control",
  },
  {
    type: "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
    replaceOn: aws("guardduty_organization_configuration_feature", ["detectorId", "name"]),
    unexposed: "a detection setting; no endpoint, no resource policy",
    api: none("a feature name from a fixed set, checked by the provider's enum"),
    unruled: "a detective control; holds no data",
  },
  {
    type: "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
    replaceOn: aws("inspector2_delegated_admin_account", ["accountId"]),
    unexposed: "designates the security account as administrator; no endpoint, no resource policy",
    api: none(DESIGNATION),
    unruled: "designates the security account as Inspector's delegated administrator (tested)",
    creation: {
      p50: 30,
      p90: 120,
      source: "the provider waits for the delegated administrator to be ENABLED",
    },
  },
  {
    type: "aws:inspector2/memberAssociation:MemberAssociation",
    replaceOn: aws("inspector2_member_association", ["accountId"]),
    unexposed:
      "associates a member account with the delegated administrator; no endpoint, no resource policy",
    api: none("an account id: no name or description of its own"),
    unruled: "Inspector's administrator manages a member account's scanning (tested)",
  },
  {
    type: "aws:inspector2/organizationConfiguration:OrganizationConfiguration",
    replaceOn: aws("inspector2_organization_configuration", []),
    unexposed: "a scanning setting; no endpoint, no resource policy",
    api: none(SETTING),
    unruled: "the organization's scanning setting (no account automatically: the config chooses each)",
  },
  {
    type: "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
    replaceOn: awsGlobal("organizations_delegated_administrator", ["accountId", "servicePrincipal"]),
    unexposed: "designates the security account as administrator; no endpoint, no resource policy",
    api: none(DESIGNATION),
    unruled: "designates the security account for a service principal (tested)",
  },
  {
    type: "aws:securityhub/account:Account",
    replaceOn: aws("securityhub_account", []),
    unexposed: "enables Security Hub in an account; no endpoint, no resource policy",
    api: none(SETTING),
    unruled: "enables Security Hub: a detective control",
    usage: { quantity: "10,000 security checks a month ($0.001 each)", monthlyUsd: 10 },
  },
  {
    type: "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
    replaceOn: aws("securityhub_organization_admin_account", ["adminAccountId"]),
    unexposed: "designates the security account as administrator; no endpoint, no resource policy",
    api: none(DESIGNATION),
    unruled: "designates the security account as Security Hub's delegated administrator (tested)",
  },
  {
    type: "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
    replaceOn: aws("securityhub_organization_configuration", []),
    unexposed: "an enablement setting; no endpoint, no resource policy",
    api: none(SETTING),
    unruled: "auto-enables Security Hub for new accounts: a detective control",
  },
  {
    type: "aws:securityhub/standardsSubscription:StandardsSubscription",
    replaceOn: aws("securityhub_standards_subscription", ["standardsArn"]),
    unexposed: "a compliance standard's checks; no endpoint, no resource policy",
    api: none("a standard's ARN, built by the component from the Region"),
    unruled: "a detective control; holds no data",
    creation: { p50: 30, p90: 120, source: "the provider waits for the subscription to be READY" },
  },
];
