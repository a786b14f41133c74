/**
 * The price table of the monthly cost estimate: one region's on-demand list prices, in USD.
 *
 * Version 3, region eu-west-1 (Ireland), recorded 2026-12-06 from the public price pages of AWS, MongoDB
 * Atlas (AWS, dedicated tiers) and Confluent Cloud, as the team last noted them; they are not fetched
 * live (no machine here reaches those pages). Each figure names its page below. Bump `version` and `date`
 * whenever a figure changes. Hourly prices become monthly ones at 730 hours. What usage-priced resources
 * are assumed to use sits in their catalog entries (`usage`); the plan prints those assumptions.
 *
 * Pages: EC2 https://aws.amazon.com/ec2/pricing/on-demand/ · RDS https://aws.amazon.com/rds/postgresql/pricing/
 * · ElastiCache https://aws.amazon.com/elasticache/pricing/ · MSK https://aws.amazon.com/msk/pricing/ ·
 * OpenSearch https://aws.amazon.com/opensearch-service/pricing/ · Fargate https://aws.amazon.com/fargate/pricing/
 * · VPC (NAT, public IPv4, endpoints) https://aws.amazon.com/vpc/pricing/ · ELB
 * https://aws.amazon.com/elasticloadbalancing/pricing/ · KMS https://aws.amazon.com/kms/pricing/ · Secrets
 * Manager https://aws.amazon.com/secrets-manager/pricing/ · Route 53 https://aws.amazon.com/route53/pricing/ ·
 * WAF https://aws.amazon.com/waf/pricing/ · CloudWatch https://aws.amazon.com/cloudwatch/pricing/ · DynamoDB
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ · Lambda https://aws.amazon.com/lambda/pricing/ · Backup
 * https://aws.amazon.com/backup/pricing/ · Atlas https://www.mongodb.com/pricing · Confluent
 * https://www.confluent.io/confluent-cloud/pricing/
 */
export const PRICES = {
  version: 3,
  region: "eu-west-1",
  date: "2026-12-06",
  currency: "USD",
  hoursPerMonth: 730,
  hourly: {
    natGateway: 0.048,
    /**
     * Every public IPv4 address, in use or idle, since February 2024: elastic IPs and the addresses AWS
     * gives an internet-facing load balancer's node in each of its AZs (VPC pricing, "Public IPv4 address").
     */
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
    /** A dashboard beyond the first three of the account (`free`). */
    dashboard: 3.0,
  } as Record<string, number>,
  /**
   * Resources of a type the account gets free each month (CloudWatch pricing, free tier: three dashboards
   * of up to 50 metrics). The account is the stack's; under an organization's consolidated billing AWS
   * counts the free tier once for all accounts, which the plan says in its assumptions.
   */
  free: { "aws:cloudwatch/dashboard:Dashboard": 3 } as Record<string, number>,
  /**
   * Node-based ElastiCache for Valkey is priced 20% below Redis OSS on the same node type (ElastiCache
   * pricing, "ElastiCache for Valkey"); `instances` holds the Redis OSS rates.
   */
  valkeyNodeDiscount: 0.2,
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
