/** The organization's outputs as the config tests hand them to an environment's validation. */
import { ORGANIZATION_CONTRACT_VERSION, OrganizationOutputs } from "../../components/organization/contract";

/** An organization that knows the environments dev (tier dev) and prod (tier prod) of example.com. */
export function organizationFixture(changes: Partial<OrganizationOutputs> = {}): OrganizationOutputs {
  return {
    contractVersion: ORGANIZATION_CONTRACT_VERSION,
    organizationId: "o-exampleorg1",
    managementAccountId: "100000000001",
    homeRegion: "eu-west-1",
    allowedRegions: ["eu-west-1", "eu-central-1"],
    organizationalUnits: {
      security: "ou-ab12-security",
      infrastructure: "ou-ab12-infrastr",
      workloads: "ou-ab12-workload",
      nonProd: "ou-ab12-nonprod1",
      prod: "ou-ab12-prodwork",
    },
    accessRole: "OrganizationAccountAccessRole",
    securityAccountId: "999999999999",
    sharedServicesAccountId: "444455556666",
    environments: {
      dev: {
        accountId: "111111111111",
        organizationalUnitId: "ou-ab12-nonprod1",
        tier: "dev",
        domain: "dev.example.com",
        dnsDelegationRoleArn: "arn:aws:iam::444455556666:role/platform-dns-delegation-dev",
      },
      prod: {
        accountId: "222222222222",
        organizationalUnitId: "ou-ab12-prodwork",
        tier: "prod",
        domain: "prod.example.com",
        dnsDelegationRoleArn: "arn:aws:iam::444455556666:role/platform-dns-delegation-prod",
      },
    },
    registry: {
      accountId: "444455556666",
      region: "eu-west-1",
      url: "444455556666.dkr.ecr.eu-west-1.amazonaws.com",
      repositories: { gateway: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/platform/gateway" },
    },
    dns: { parentZoneId: "Z0PARENT0EXAMPLE", parentZoneName: "example.com" },
    identityCenter: {
      instanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
      identityStoreId: "d-0123456789",
      region: "eu-west-1",
    },
    managedInMembers: { guardDuty: true, configRecorder: false },
    ...changes,
  };
}
