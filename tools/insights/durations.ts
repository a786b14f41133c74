/**
 * Typical creation times of AWS (and SaaS) resources, in seconds, for the deploy critical path. Each
 * figure notes where it comes from; they are estimates of a first `pulumi up` in a quiet region, not
 * guarantees. Types not listed take DEFAULT_SECONDS (one API call and its eventual consistency).
 */
export interface Duration {
  seconds: number;
  source: string;
}

export const DEFAULT_DURATION: Duration = { seconds: 2, source: "one synchronous API call" };

const AWS_DOCS = "AWS documentation";
const OBSERVED = "typical observed time (team deploy logs), rounded up";
const WAITER = "provider waits for the service's 'available' state";

export const DURATIONS: Readonly<Record<string, Duration>> = {
  "aws:organizations/account:Account": {
    seconds: 300,
    source: `${AWS_DOCS}: CreateAccount is asynchronous and can take several minutes`,
  },
  "aws:ec2/natGateway:NatGateway": { seconds: 120, source: `${WAITER}; NAT gateways take 1-2 minutes` },
  "aws:ec2/vpcEndpoint:VpcEndpoint": {
    seconds: 90,
    source: `${WAITER} (interface endpoints create ENIs per AZ)`,
  },
  "aws:ec2/vpc:Vpc": { seconds: 5, source: OBSERVED },
  "aws:ec2/subnet:Subnet": { seconds: 3, source: OBSERVED },
  "aws:ec2/securityGroup:SecurityGroup": { seconds: 3, source: OBSERVED },
  "aws:ec2/internetGateway:InternetGateway": { seconds: 3, source: OBSERVED },
  "aws:iam/role:Role": {
    seconds: 5,
    source: "IAM is eventually consistent; the provider retries until the role is usable",
  },
  "aws:kms/key:Key": { seconds: 5, source: OBSERVED },
  "aws:rds/instance:Instance": { seconds: 600, source: `${WAITER}; single-AZ Postgres 6-10 minutes` },
  "aws:rds/instance:Instance#multiAz": {
    seconds: 1080,
    source: `${WAITER}; Multi-AZ Postgres 15-18 minutes (standby and backup)`,
  },
  "aws:rds/instance:Instance#replica": {
    seconds: 720,
    source: `${WAITER}; a read replica is built from a snapshot, 10-12 minutes`,
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": { seconds: 720, source: `${WAITER}; 8-12 minutes` },
  "aws:elasticache/cluster:Cluster": { seconds: 480, source: `${WAITER}; 5-8 minutes` },
  "aws:msk/cluster:Cluster": {
    seconds: 1800,
    source: `${AWS_DOCS}: provisioned MSK clusters take about 15-30 minutes`,
  },
  "aws:msk/serverlessCluster:ServerlessCluster": { seconds: 300, source: `${WAITER}; about 5 minutes` },
  "aws:opensearch/domain:Domain": { seconds: 1200, source: `${WAITER}; 15-20 minutes` },
  "aws:cloudfront/distribution:Distribution": {
    seconds: 300,
    source: "the provider waits for status Deployed, 3-5 minutes",
  },
  "aws:acm/certificateValidation:CertificateValidation": {
    seconds: 120,
    source: "DNS validation: record propagation and ACM's check",
  },
  "aws:route53/zone:Zone": { seconds: 45, source: "the provider waits for INSYNC" },
  "aws:route53/record:Record": { seconds: 45, source: "the provider waits for INSYNC" },
  "aws:lb/loadBalancer:LoadBalancer": {
    seconds: 180,
    source: `${WAITER}; ALBs are active after 2-3 minutes`,
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": {
    seconds: 30,
    source: "retried until the load balancer accepts it",
  },
  "aws:ecs/service:Service": {
    seconds: 30,
    source: "CreateService returns before tasks are steady (waitForSteadyState off)",
  },
  "aws:autoscaling/group:Group": { seconds: 60, source: "the provider waits for the desired capacity" },
  "aws:ssoadmin/accountAssignment:AccountAssignment": {
    seconds: 20,
    source: "asynchronous provisioning, polled",
  },
  "aws:apigatewayv2/vpcLink:VpcLink": { seconds: 120, source: `${WAITER}; VPC links take about 2 minutes` },
  "mongodbatlas:index/advancedCluster:AdvancedCluster": {
    seconds: 900,
    source: "Atlas dedicated clusters take 7-15 minutes",
  },
  "mongodbatlas:index/cluster:Cluster": {
    seconds: 900,
    source: "Atlas dedicated clusters take 7-15 minutes",
  },
  "mongodbatlas:index/networkPeering:NetworkPeering": {
    seconds: 120,
    source: "peering becomes pending acceptance after 1-2 minutes",
  },
  "confluentcloud:index/kafkaCluster:KafkaCluster": {
    seconds: 120,
    source: "basic and standard clusters provision in minutes",
  },
  "confluentcloud:index/kafkaCluster:KafkaCluster#dedicated": {
    seconds: 7200,
    source: "Confluent: dedicated clusters can take hours; 2 h assumed",
  },
  "confluentcloud:index/network:Network": {
    seconds: 1800,
    source: "Confluent: private networks take 30+ minutes",
  },
};
