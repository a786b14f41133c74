/**
 * Options some policies take. Each policy declares its own config schema (Pulumi configures policies
 * one by one); the defaults live here so that every policy that names the VPN server names the same one.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * The VPN server's resources, each as `<type>::<logical name>`: the one instance that may sit in a public
 * subnet, take a public address and admit the internet on its VPN port (components/access/vpnServer.ts).
 */
export const DEFAULT_VPN_RESOURCE_NAMES = [
  "aws:autoscaling/group:Group::vpn",
  "aws:ec2/launchTemplate:LaunchTemplate::vpn",
  "aws:ec2/securityGroup:SecurityGroup::vpn-sg",
];

/** True when `r` is one of the VPN server's resources named in the policy's config. */
export function isVpnResource(r: { type: string; name: string }, config: VpnConfig): boolean {
  return config.vpnResourceNames.includes(`${r.type}::${r.name}`);
}
export const DEFAULT_VPN_PORT = 1194;
export const DEFAULT_VPN_PROTOCOL = "udp";

export interface VpnConfig {
  vpnResourceNames: string[];
}

export const vpnNamesSchema: PolicyConfigSchema = {
  properties: {
    vpnResourceNames: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_VPN_RESOURCE_NAMES,
      description: "The VPN server's resources, as <type>::<logical name>: the only public instance.",
    },
  },
};

/** Policy config with the schema defaults applied (the CLI applies them; offline runs do not). */
export function withDefaults<T extends object>(defaults: T, given: Partial<T>): T {
  return { ...defaults, ...given };
}
