/**
 * The price table of the monthly cost estimate: one region's on-demand list prices, in USD.
 *
 * Version 2, region eu-west-1 (Ireland), recorded 2026-11-22 from the public price pages of AWS (EC2,
 * RDS, ElastiCache, MSK, OpenSearch, Fargate, VPC, ELB, KMS, Secrets Manager, Route 53, WAF, CloudWatch,
 * DynamoDB, Lambda, AWS Backup), MongoDB
 * Atlas (AWS, dedicated tiers) and Confluent Cloud, as the team last noted them; they are not fetched
 * live (no machine here reaches those pages). Bump `version` and `date` whenever a figure changes.
 * Hourly prices become monthly ones at 730 hours. What usage-priced resources are assumed to use sits in
 * their catalog entries (`usage`).
 */
export const PRICES = {
  version: 2,
  region: "eu-west-1",
  date: "2026-11-22",
  currency: "USD",
  hoursPerMonth: 730,
  hourly: {
    natGateway: 0.048,
    publicIpv4: 0.005,
    interfaceEndpointPerAz: 0.011,
    applicationLoadBalancer: 0.0252,
    /** One LCU, the assumed average use of a small load balancer. */
    loadBalancerCapacityUnit: 0.008,
    fargateVcpu: 0.04048,
    fargateGb: 0.004445,
    fargateSpotDiscount: 0.7,
  } as Record<string, number>,
  monthly: {
    kmsKey: 1.0,
    secret: 0.4,
    hostedZone: 0.5,
    wafWebAcl: 5.0,
    wafRule: 1.0,
    rdsGp3GbSingleAz: 0.127,
    ebsGp3Gb: 0.088,
    mskStorageGb: 0.11,
    opensearchGp3Gb: 0.146,
    /** A standard-resolution alarm on one metric (metric math alarms: per metric they read). */
    alarmMetric: 0.1,
    /** A dashboard beyond the first three of the account. */
    dashboard: 3.0,
  } as Record<string, number>,
  /** Instance hours by class or node type (single-AZ; Multi-AZ RDS doubles it). */
  instances: {
    "db.t4g.micro": 0.018,
    "db.t4g.small": 0.036,
    "db.t4g.medium": 0.073,
    "db.t4g.large": 0.146,
    "db.m7g.large": 0.176,
    "db.m7g.xlarge": 0.352,
    "db.r7g.large": 0.26,
    "db.r7g.xlarge": 0.52,
    "cache.t4g.micro": 0.018,
    "cache.t4g.small": 0.036,
    "cache.t4g.medium": 0.072,
    "cache.m7g.large": 0.176,
    "cache.r7g.large": 0.241,
    "cache.r7g.xlarge": 0.482,
    "kafka.t3.small": 0.0502,
    "kafka.m7g.large": 0.2,
    "kafka.m7g.xlarge": 0.4,
    "kafka.m5.large": 0.228,
    "t3.small.search": 0.038,
    "t3.medium.search": 0.077,
    "m7g.large.search": 0.147,
    "r7g.large.search": 0.196,
    "m6g.large.search": 0.141,
    "r6g.large.search": 0.186,
    "t4g.nano": 0.0046,
    "t4g.micro": 0.0092,
    "t4g.small": 0.0184,
    "t4g.medium": 0.0368,
  } as Record<string, number>,
  /** MongoDB Atlas dedicated clusters on AWS, per cluster-hour (a three-node replica set). */
  atlasClusters: { M10: 0.08, M20: 0.2, M30: 0.54, M40: 1.04, M50: 2.0 } as Record<string, number>,
  /** Confluent Cloud Kafka clusters: base per hour (dedicated: per CKU-hour). */
  confluentClusters: { basic: 0, standard: 1.5, enterprise: 2.25, dedicated: 2.5 } as Record<string, number>,
} as const;
