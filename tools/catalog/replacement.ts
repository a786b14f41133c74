/**
 * Which input changes make a provider replace a resource instead of updating it in place, for the change
 * preview (tools/diff/). The Pulumi AWS, Confluent, MongoDB Atlas and random providers are bridged from
 * their Terraform providers: an argument marked ForceNew in the Terraform schema replaces the resource,
 * which the provider's docs say as "Forces new resource" / "Changing this forces a new resource" (and the
 * Pulumi registry page of the type repeats). CloudFormation's `causesReplacement` flags
 * (@aws-cdk/aws-service-spec) are cross-checked in test/tools/replacement.test.ts; they can differ, since
 * Terraform sometimes updates through another API call where CloudFormation replaces.
 */

/** Where a type's replacement table comes from, and what forces a replacement. */
export interface Replacement {
  /**
   * Input property paths whose change replaces the resource: dot-separated (`brokerNodeGroupInfo.clientSubnets`),
   * list items transparent (`ingress.cidrBlocks` covers every item). `*` alone: every input but `tags`.
   */
  forceNew: readonly string[];
  /** The provider's documentation page of the type (the Terraform resource page the flags come from). */
  source: string;
  /** What the table leaves out or where the provider decides at diff time (a CustomizeDiff). */
  note?: string;
}

/** Every input but `tags` forces replacement: the API has no update call for the type. */
export const EVERY_INPUT = "*";

const TF = "https://registry.terraform.io/providers";

/**
 * A Terraform AWS resource (`msk_cluster`). Every AWS resource of provider v7 also takes `region`, which
 * forces a new resource (https://www.pulumi.com/registry/packages/aws/how-to-guides/aws-enhanced-region-support/).
 */
export function aws(resource: string, forceNew: readonly string[], note?: string): Replacement {
  return {
    forceNew: forceNew[0] === EVERY_INPUT ? forceNew : [...forceNew, "region"],
    source: `${TF}/hashicorp/aws/latest/docs/resources/${resource}`,
    note,
  };
}

/** A Terraform AWS resource of a global service (IAM, Organizations, CloudFront, Route 53): no `region`. */
export function awsGlobal(resource: string, forceNew: readonly string[], note?: string): Replacement {
  return { forceNew, source: `${TF}/hashicorp/aws/latest/docs/resources/${resource}`, note };
}

/** A Terraform Confluent resource (`kafka_cluster`). */
export function confluent(resource: string, forceNew: readonly string[], note?: string): Replacement {
  return {
    forceNew,
    source: `${TF}/confluentinc/confluent/latest/docs/resources/confluent_${resource}`,
    note,
  };
}

/** A Terraform MongoDB Atlas resource (`advanced_cluster`). */
export function atlas(resource: string, forceNew: readonly string[], note?: string): Replacement {
  return { forceNew, source: `${TF}/mongodb/mongodbatlas/latest/docs/resources/${resource}`, note };
}

/** A Terraform random resource (`password`). */
export function random(resource: string, forceNew: readonly string[], note?: string): Replacement {
  return { forceNew, source: `${TF}/hashicorp/random/latest/docs/resources/${resource}`, note };
}

/**
 * A provider resource: a change of its settings updates it and the resources it manages are diffed with
 * the new settings (https://www.pulumi.com/docs/iac/concepts/resources/providers/).
 */
export function provider(name: string): Replacement {
  return {
    forceNew: [],
    source: `https://www.pulumi.com/registry/packages/${name}/installation-configuration/`,
    note: "a provider is updated in place; what its resources do is in their own diffs",
  };
}

/** The Pulumi registry page of a type token (aws:msk/cluster:Cluster -> .../aws/api-docs/msk/cluster/). */
export function registryPage(type: string): string | undefined {
  const m = /^([a-z0-9]+):([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):\w+$/.exec(type);
  if (!m) {
    return undefined;
  }
  const [, pkg, mod, name] = m;
  return `https://www.pulumi.com/registry/packages/${pkg}/api-docs/${mod === "index" ? "" : `${mod}/`}${name.toLowerCase()}/`;
}

/** A changed property path without list indexes (`ingress[2].cidrBlocks[0]` -> `ingress.cidrBlocks`). */
export function schemaPath(path: string): string {
  return path.replace(/\[\d+\]/g, "");
}

/**
 * The forceNew path a change at `path` triggers, if any: the path lies under a forceNew path, or holds one
 * (a whole block added or removed).
 */
export function forcingPath(replacement: Replacement, path: string): string | undefined {
  const p = schemaPath(path);
  if (replacement.forceNew[0] === EVERY_INPUT) {
    return p === "tags" || p.startsWith("tags.") ? undefined : p.split(".")[0];
  }
  return replacement.forceNew.find((f) => p === f || p.startsWith(`${f}.`) || f.startsWith(`${p}.`));
}
