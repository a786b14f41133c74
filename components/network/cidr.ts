/**
 * Pure IPv4 CIDR arithmetic used by the subnet planner and by config validation.
 * No Pulumi imports: tests call these without mocks.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`. Returns an error message instead of throwing, so validation can collect it. */
export function parseCidr(text: string): Cidr | string {
  const m = CIDR_RE.exec(text);
  if (!m) {
    return `"${text}" is not an IPv4 CIDR block (expected a.b.c.d/n)`;
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return `"${text}" is not an IPv4 CIDR block (octets 0..255, prefix 0..32)`;
  }
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((base & hostMask(prefix)) !== 0) {
    const network = formatCidr({ base: (base & ~hostMask(prefix)) >>> 0, prefix });
    return `"${text}" has host bits set (did you mean ${network}?)`;
  }
  return { base, prefix };
}

/** Like {@link parseCidr} but throws: for values already validated. */
export function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") {
    throw new Error(parsed);
  }
  return parsed;
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Number of addresses in the block. */
export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

function hostMask(prefix: number): number {
  return prefix === 0 ? 0xffffffff : (2 ** (32 - prefix) - 1) >>> 0;
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

/**
 * The `index`-th block of prefix length `prefix` inside `parent`
 * (the parent split into equal blocks, counted from its first address).
 */
export function subBlock(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix || prefix > 32) {
    throw new Error(`cannot take a /${prefix} out of ${formatCidr(parent)}`);
  }
  const count = 2 ** (prefix - parent.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`block ${index} of /${prefix} is outside ${formatCidr(parent)}`);
  }
  return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

/** The private address ranges of RFC 1918, the ranges a VPC should use. */
export const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(cidr);

export function isRfc1918(c: Cidr): boolean {
  return RFC1918.some((range) => contains(range, c));
}

/** A named CIDR block claimed by some part of the environment (the VPC, a peer, a VPN client pool). */
export interface CidrClaim {
  /** The config key that declared the block, named in error messages. */
  readonly key: string;
  readonly cidr: string;
}

/** Every pair of claims whose blocks overlap, as messages naming both keys. Unparseable claims are skipped. */
export function overlappingClaims(claims: readonly CidrClaim[]): string[] {
  const parsed = claims
    .map((c) => ({ ...c, block: parseCidr(c.cidr) }))
    .filter((c): c is CidrClaim & { block: Cidr } => typeof c.block !== "string");
  const problems: string[] = [];
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (overlaps(parsed[i].block, parsed[j].block)) {
        problems.push(
          `${parsed[j].key} (${parsed[j].cidr}) overlaps ${parsed[i].key} (${parsed[i].cidr}); ` +
            `each block must be disjoint so that routes are unambiguous`,
        );
      }
    }
  }
  return problems;
}
