/**
 * The names a stack file may use beside the platform's own keys: the other config namespaces the program
 * reads (and what it reads there), and the keys that moved to another program.
 */
import * as fs from "fs";
import * as path from "path";

import { NamespaceRule } from "./engine";

/**
 * The config keys a Pulumi provider package declares: the `export declare const` names of its
 * config/vars.d.ts, which is what its default provider would read from the stack's config.
 */
export function providerConfigKeys(pkg: string): string[] {
  const file = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "config", "vars.d.ts");
  return [...fs.readFileSync(file, "utf8").matchAll(/^export declare const (\w+)/gm)].map((m) => m[1]);
}

/** Reads a provider's keys once, when a problem needs them. */
function lazily(pkg: string): () => readonly string[] {
  let keys: readonly string[] | undefined;
  return () => (keys ??= providerConfigKeys(pkg));
}

/**
 * Every provider here is explicit (Pulumi.yaml sets pulumi:disable-default-providers): an explicit provider
 * is configured by the arguments the program passes, not from the stack's `<provider>:` keys, which only
 * configure a default provider ("Default provider instances are created ... with inputs sourced from the
 * stack's configuration values for the relevant provider package",
 * https://github.com/pulumi/pulumi/blob/master/docs/architecture/providers/default.md).
 */
const EXPLICIT =
  "the program builds its providers explicitly (pulumi:disable-default-providers), and an explicit provider takes only the arguments the program passes, not the stack's provider settings";

/** The namespaces other than `platform:` that the program reads, and the keys it reads in each. */
export const NAMESPACES: Readonly<Record<string, NamespaceRule>> = {
  // The region (stacks/config/index.ts readRawStackConfig); credentials come from the environment.
  aws: {
    reads: ["region"],
    known: lazily("@pulumi/aws"),
    unread: `${EXPLICIT}; give credentials through the environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...), or ask for a platform: key`,
  },
  // The Atlas provider's credentials (stacks/dataStores.ts atlasProvider).
  mongodbatlas: {
    reads: ["publicKey", "privateKey", "clientId", "clientSecret"],
    known: lazily("@pulumi/mongodbatlas"),
    unread: `${EXPLICIT}, and it passes only the credentials`,
  },
  // The Confluent Cloud provider's credentials (stacks/messaging.ts confluentProvider).
  confluentcloud: {
    reads: ["cloudApiKey", "cloudApiSecret"],
    known: lazily("@pulumi/confluentcloud"),
    unread: `${EXPLICIT}, and it passes only the Cloud API key and secret`,
  },
  // The engine's own settings (pulumi:disable-default-providers, ...), read by the CLI, not judged here.
  pulumi: { reads: "any" },
};

/**
 * Keys that moved to another program: a stack file that still sets one gets this message instead of
 * "unknown key". Fill it when a key leaves CONFIG_KEYS, for example
 * `accountId: movedTo("organization", "organization/Pulumi.organization.yaml")`.
 *
 * The organization program holds the member account, the security account, Identity Center, the groups,
 * the allowed regions and the parent zone (docs/organization.md): an environment reads them from its
 * outputs.
 */
const ORGANIZATION_FILE = "organization/Pulumi.organization.yaml";
const toOrganization = (what: string): string => movedTo("organization", `${ORGANIZATION_FILE} (${what})`);

export const MOVED_KEYS: Readonly<Record<string, string>> = {
  accountEmail: toOrganization("organization:environments[].account.email"),
  accountId: toOrganization("organization:environments[].account.id"),
  accountName: toOrganization("organization:environments[].account.name"),
  organizationalUnitId: toOrganization("the OU follows the environment's tier"),
  accountAccessRole: toOrganization("organization:accessRole"),
  managementRoleArn: toOrganization("the environment no longer acts in the management account"),
  securityAccountId: toOrganization("organization:securityAccount"),
  identityCenterInstanceArn: toOrganization("organization:identityCenter.instanceArn"),
  identityStoreId: toOrganization("organization:identityCenter.identityStoreId"),
  accessGroups: toOrganization("organization:identityCenter.groups"),
  allowedRegions: toOrganization("organization:allowedRegions"),
  inspectorScanning: toOrganization("organization:environments[].inspectorScanning"),
  dnsParentZoneId: toOrganization("organization:dns"),
  dnsParentZoneName: toOrganization("organization:dns.parentDomain"),
  dnsParentZoneRoleArn: toOrganization("the organization creates each environment's delegation role"),
};

/** The message of a moved key: which program reads it now, and the file to set it in. */
export function movedTo(program: string, file: string): string {
  return `moved to the ${program} program: set it in ${file} (and remove it here)`;
}
