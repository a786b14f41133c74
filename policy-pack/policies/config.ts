/**
 * Options some policies take. Each policy declares its own config schema (Pulumi configures policies
 * one by one); the defaults live here so that every policy that names the VPN server names the same one.
 */
import { PolicyConfigSchema } from "@pulumi/policy";

/**
 * Logical names of the VPN server's resources: the one instance that may sit in a public subnet, take a
 * public address and admit the internet on its VPN port.
 */
export const DEFAULT_VPN_RESOURCE_NAMES = ["vpn-launch-template", "vpn-asg", "vpn-sg", "vpn-eip"];
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
      description: "Logical names of the VPN server's resources, the only public instance.",
    },
  },
};

/** Policy config with the schema defaults applied (the CLI applies them; offline runs do not). */
export function withDefaults<T extends object>(defaults: T, given: Partial<T>): T {
  return { ...defaults, ...given };
}
