/**
 * The price table of the monthly cost estimate: one region's on-demand list prices, in USD.
 *
 * Version 2, region eu-west-1 (Ireland), recorded 2026-11-22 from the public price pages of AWS (EC2,
 * RDS, ElastiCache, MSK, OpenSearch, Fargate, VPC, ELB, KMS, Secrets Manager, Route 53, WAF, CloudWatch,
 * DynamoDB, Lambda, AWS Backup), MongoDB
 * Atlas (AWS, dedicated tiers) and Confluent Cloud, as the team last noted them; they are not fetched
 * live (no machine here reaches those pages). Bump `version` and `date` whenever a figure changes.
 * Hourly prices become monthly ones at 730 hours.
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

/**
 * What usage-priced items are assumed to use each month, per resource. Shown in the report next to their
 * cost: they depend on traffic, not on the stack's config, so they are assumptions to revisit.
 */
export const USAGE_ASSUMPTIONS: Record<string, { quantity: string; monthlyUsd: number }> = {
  "aws:ec2/natGateway:NatGateway": { quantity: "100 GB processed at $0.048/GB", monthlyUsd: 4.8 },
  "aws:lb/loadBalancer:LoadBalancer": { quantity: "1 LCU on average ($0.008/LCU-hour)", monthlyUsd: 5.84 },
  "aws:cloudfront/distribution:Distribution": {
    quantity: "100 GB to viewers ($0.085/GB) and 1 M requests",
    monthlyUsd: 9.5,
  },
  "aws:s3/bucket:Bucket": { quantity: "50 GB stored ($0.023/GB) and 1 M requests", monthlyUsd: 1.65 },
  "aws:cloudwatch/logGroup:LogGroup": { quantity: "5 GB ingested ($0.57/GB)", monthlyUsd: 2.85 },
  "aws:wafv2/webAcl:WebAcl": { quantity: "10 M requests ($0.60/M)", monthlyUsd: 6.0 },
  "aws:guardduty/detector:Detector": {
    quantity: "CloudTrail and VPC flow analysis of a small account",
    monthlyUsd: 15,
  },
  "aws:cfg/recorder:Recorder": { quantity: "5,000 configuration items ($0.003 each)", monthlyUsd: 15 },
  "aws:sqs/queue:Queue": { quantity: "5 M requests ($0.40/M)", monthlyUsd: 2.0 },
  "aws:sns/topic:Topic": { quantity: "a few thousand notifications (free tier)", monthlyUsd: 0 },
  "aws:inspector2/enabler:Enabler": { quantity: "10 instances and 50 image scans", monthlyUsd: 20 },
  "aws:dynamodb/table:Table": {
    quantity: "5 GB stored ($0.283/GB), 10 M writes and 50 M reads on demand, PITR on 5 GB ($0.224/GB)",
    monthlyUsd: 26.3,
  },
  "aws:lambda/function:Function": {
    quantity: "1 M invocations of 200 ms at 256 MB on arm64 ($0.20/M, $0.0000133/GB-s)",
    monthlyUsd: 0.87,
  },
  "aws:cloudwatch/eventBus:EventBus": { quantity: "5 M custom events ($1.00/M)", monthlyUsd: 5.0 },
  "aws:backup/vault:Vault": { quantity: "200 GB of recovery points ($0.05/GB warm)", monthlyUsd: 10.0 },
};
