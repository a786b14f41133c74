import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DnsArgs {
  /** DNS domain of the environment (for example `dev.example.com`); the public endpoint's name. */
  domain: string;
  /**
   * `create`: a public hosted zone for `domain` is created (and delegated from the parent zone given in
   * `delegation`; its name servers are also the `nameServers` output); otherwise the id of an existing,
   * delegated public hosted zone for `domain` to adopt (it is used, never modified or deleted).
   */
  publicZone: string;
  /** VPC the private hosted zone is associated with. */
  vpcId: pulumi.Input<string>;
  /** Label of the internal names under `domain`. Default: `internal` (so `internal.<domain>`). */
  internalLabel?: string;
  /** Mark the zones `protect` (a public zone's delegation lives outside this stack). Default: false. */
  protect?: boolean;
  /**
   * Where a created public zone is delegated from: the parent zone, and a provider that may write its
   * records (in the account that holds it). The zone's NS records are written there, and the certificates'
   * validations wait for them: without a delegation ACM never sees the validation records and the
   * validation fails after 75 minutes. Ignored when the zone is adopted (it is delegated already).
   */
  delegation?: ParentZone;
}

/** The parent zone of a created public zone. */
export interface ParentZone {
  /** Id of the parent hosted zone (`dev.example.com` is delegated from `example.com`'s zone). */
  zoneId: pulumi.Input<string>;
  /** A provider in the account that holds the parent zone. */
  provider: pulumi.ProviderResource;
}

/**
 * TTL of the delegation's NS records: an hour, so that a zone recreated after an accident is found again
 * within the hour (the parent's own NS records keep Route 53's two days).
 */
export const DELEGATION_TTL_SECONDS = 3600;

/** A certificate and the domains it covers. */
export interface CertificatePlan {
  domainName: string;
  subjectAlternativeNames: string[];
}

/**
 * The domains whose DNS validation records must be created. ACM gives `x` and `*.x` the same validation
 * record, so the wildcard is dropped when its base is also on the certificate (two records with one name
 * would fight).
 */
export function validationDomains(plan: CertificatePlan): string[] {
  const all = [plan.domainName, ...plan.subjectAlternativeNames];
  return all.filter((d) => !(d.startsWith("*.") && all.includes(d.slice(2))));
}

/** The public certificate (the domain and one level below it) and the internal one. */
export function certificatePlans(
  domain: string,
  internalDomain: string,
): Record<"public" | "internal", CertificatePlan> {
  return {
    public: { domainName: domain, subjectAlternativeNames: [`*.${domain}`] },
    internal: { domainName: internalDomain, subjectAlternativeNames: [`*.${internalDomain}`] },
  };
}

/**
 * DNS and certificates of an environment: the public hosted zone (created, or adopted by id), a private
 * hosted zone `internal.<domain>` associated with the VPC, and two ACM certificates validated by DNS in
 * the public zone: one for `<domain>` and `*.<domain>` (public ALB, partner API) and one for
 * `internal.<domain>` and `*.internal.<domain>` (internal ALB). Records for the endpoints are created by
 * the components that own the endpoints.
 */
export class Dns extends pulumi.ComponentResource {
  readonly domain: string;
  readonly internalDomain: string;
  readonly publicZoneId: pulumi.Output<string>;
  readonly privateZoneId: pulumi.Output<string>;
  /** Name servers of a created public zone (the delegation points at them); empty when adopted. */
  readonly nameServers: pulumi.Output<string[]>;
  /** The NS records of a created zone in its parent zone; absent when the zone is adopted. */
  readonly delegation?: aws.route53.Record;
  /** ARN of the validated public certificate: depending on it waits for validation. */
  readonly publicCertificateArn: pulumi.Output<string>;
  readonly internalCertificateArn: pulumi.Output<string>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:Dns", name, {}, opts);
    this.domain = args.domain;
    this.internalDomain = `${args.internalLabel ?? "internal"}.${args.domain}`;

    if (args.publicZone === "create") {
      const zone = new aws.route53.Zone(
        `${name}-public`,
        { name: args.domain, comment: `Public zone of ${args.domain}`, forceDestroy: false },
        { parent: this, protect: args.protect ?? false },
      );
      this.publicZoneId = zone.zoneId;
      this.nameServers = zone.nameServers;
      if (args.delegation !== undefined) {
        this.delegation = new aws.route53.Record(
          `${name}-delegation`,
          {
            zoneId: args.delegation.zoneId,
            name: args.domain,
            type: "NS",
            ttl: DELEGATION_TTL_SECONDS,
            records: zone.nameServers,
            // A delegation left over from an earlier zone of the same name points at name servers that no
            // longer serve it: replace it rather than fail.
            allowOverwrite: true,
          },
          { parent: this, provider: args.delegation.provider },
        );
      }
    } else {
      this.publicZoneId = pulumi.output(args.publicZone);
      this.nameServers = pulumi.output([]);
    }

    const privateZone = new aws.route53.Zone(
      `${name}-private`,
      {
        name: this.internalDomain,
        comment: `Internal names of ${args.domain}, resolvable inside the VPC only`,
        vpcs: [{ vpcId: args.vpcId }],
        forceDestroy: false,
      },
      // The internal names services find each other by: replacing the zone drops every record at once.
      { parent: this, protect: args.protect ?? false },
    );
    this.privateZoneId = privateZone.zoneId;

    const plans = certificatePlans(args.domain, this.internalDomain);
    this.publicCertificateArn = this.certificate(`${name}-public`, plans.public);
    this.internalCertificateArn = this.certificate(`${name}-internal`, plans.internal);

    this.registerOutputs({
      domain: this.domain,
      internalDomain: this.internalDomain,
      publicZoneId: this.publicZoneId,
      privateZoneId: this.privateZoneId,
      nameServers: this.nameServers,
      delegationFqdn: this.delegation?.fqdn,
      publicCertificateArn: this.publicCertificateArn,
      internalCertificateArn: this.internalCertificateArn,
    });
  }

  /** A DNS-validated certificate; returns the ARN of its validation (known once ACM has issued it). */
  private certificate(name: string, plan: CertificatePlan): pulumi.Output<string> {
    const cert = new aws.acm.Certificate(
      `${name}-cert`,
      {
        domainName: plan.domainName,
        subjectAlternativeNames: plan.subjectAlternativeNames,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
      },
      { parent: this },
    );
    const records = validationDomains(plan).map((domain, i) => {
      const option = cert.domainValidationOptions.apply((options) => {
        const found = options.find((o) => o.domainName === domain);
        if (!found) {
          throw new Error(`ACM returned no validation record for ${domain}`);
        }
        return found;
      });
      return new aws.route53.Record(
        `${name}-validation-${i}`,
        {
          zoneId: this.publicZoneId,
          name: option.resourceRecordName,
          type: option.resourceRecordType,
          records: [option.resourceRecordValue],
          ttl: 60,
          allowOverwrite: true,
        },
        { parent: this },
      );
    });
    const validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: cert.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
      // ACM resolves the validation records through the public DNS: only once the zone is delegated.
      { parent: this, dependsOn: this.delegation === undefined ? [] : [this.delegation] },
    );
    return validation.certificateArn;
  }
}
