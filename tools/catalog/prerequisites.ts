/**
 * What AWS (or the SaaS provider) needs before it can create a resource of each type: the floor of the
 * deploy critical path (tools/insights/criticalPath.ts). It is written from the services' API references
 * (what the create call takes and checks exists), not from what the program wires: a resource waits in the
 * floor only for what it refers to that is of one of the types listed here, plus its provider. Anything
 * else the program makes it wait for (a `dependsOn`, an ARN in a policy document, an endpoint in an
 * environment variable) is the program's choice, and shows in the ratio of the deploy to the floor.
 *
 * Two kinds of readiness are not a reference at all, and are added whether the program wires them or not
 * (`READY_AFTER`): a certificate is usable only once ACM has validated it, and a target group can be given
 * to an ECS service only once a listener or listener rule forwards to it.
 */

/** The types a resource of one type needs to exist first (among those it refers to), and why. */
export interface Prerequisites {
  needs: readonly string[];
  why: string;
}

const ACCOUNT = "aws:organizations/account:Account";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const KEY = "aws:kms/key:Key";
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET = "aws:s3/bucket:Bucket";
const QUEUE = "aws:sqs/queue:Queue";
const TOPIC = "aws:sns/topic:Topic";
const CERT = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const ZONE = "aws:route53/zone:Zone";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const LISTENER_RULE = "aws:lb/listenerRule:ListenerRule";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const FUNCTION = "aws:lambda/function:Function";
const BUS = "aws:cloudwatch/eventBus:EventBus";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const API = "aws:apigatewayv2/api:Api";
const USER_POOL = "aws:cognito/userPool:UserPool";
const ECS_CLUSTER = "aws:ecs/cluster:Cluster";
const ECS_SERVICE = "aws:ecs/service:Service";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const RDS = "aws:rds/instance:Instance";
const MSK = "aws:msk/cluster:Cluster";
const REPOSITORY = "aws:ecr/repository:Repository";
const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const SECRET = "aws:secretsmanager/secret:Secret";
const RANDOM = "random:index/randomPassword:RandomPassword";
const ATLAS_PROJECT = "mongodbatlas:index/project:Project";
const CONFLUENT_ENV = "confluentcloud:index/environment:Environment";
const CONFLUENT_CLUSTER = "confluentcloud:index/kafkaCluster:KafkaCluster";
const CONFLUENT_SA = "confluentcloud:index/serviceAccount:ServiceAccount";

const need = (why: string, ...needs: string[]): Prerequisites => ({ needs, why });
/** Types whose create call takes nothing from another resource of the program. */
const standalone = (why: string): Prerequisites => ({ needs: [], why });

/** The network placement most VPC resources take: subnets and security groups (and the VPC). */
const PLACED = [VPC, SUBNET, SG];

/**
 * Every type the catalog lists (a test checks both ways). IAM policy documents, alarm dimensions, dashboard
 * bodies and environment variables only name other resources: AWS accepts them before those exist.
 */
export const PREREQUISITES: Readonly<Record<string, Prerequisites>> = {
  "aws:organizations/organization:Organization": standalone(
    "CreateOrganization takes a feature set; policy types and trusted services are enabled on it",
  ),
  "aws:organizations/organizationalUnit:OrganizationalUnit": need(
    "created under the root or a parent OU",
    "aws:organizations/organization:Organization",
  ),
  "aws:organizations/delegatedAdministrator:DelegatedAdministrator": need(
    "the account must be a member, and the service trusted by the organization",
    "aws:organizations/organization:Organization",
    ACCOUNT,
  ),
  "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": need(
    "the account must be a member, and GuardDuty trusted",
    "aws:organizations/organization:Organization",
    ACCOUNT,
    "aws:guardduty/detector:Detector",
  ),
  "aws:guardduty/organizationConfiguration:OrganizationConfiguration": need(
    "the administrator's detector, once designated",
    "aws:guardduty/detector:Detector",
    "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount",
  ),
  "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": need(
    "a feature of the organization configuration",
    "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
  ),
  "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount": need(
    "the account must be a member, and Inspector trusted",
    "aws:organizations/organization:Organization",
    ACCOUNT,
  ),
  "aws:inspector2/memberAssociation:MemberAssociation": need(
    "AssociateMember is the delegated administrator's, for an account of the organization",
    "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
    ACCOUNT,
  ),
  "aws:inspector2/organizationConfiguration:OrganizationConfiguration": need(
    "made by the designated administrator",
    "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount",
  ),
  "aws:securityhub/account:Account": need("enabled in an account that exists", ACCOUNT),
  "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": need(
    "the administrator's hub, and Security Hub trusted",
    "aws:organizations/organization:Organization",
    "aws:securityhub/account:Account",
  ),
  "aws:securityhub/organizationConfiguration:OrganizationConfiguration": need(
    "made by the designated administrator",
    "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount",
  ),
  "aws:securityhub/standardsSubscription:StandardsSubscription": need(
    "a standard of an enabled hub",
    "aws:securityhub/account:Account",
  ),
  "aws:cfg/configurationAggregator:ConfigurationAggregator": need(
    "reads the organization through its role, as the delegated administrator",
    "aws:organizations/delegatedAdministrator:DelegatedAdministrator",
    ROLE,
  ),
  "aws:ecr/replicationConfiguration:ReplicationConfiguration": standalone(
    "a registry setting of the account",
  ),
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": need(
    "names the role ECR creates repositories with, and the key",
    ROLE,
    KEY,
  ),
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": need(
    "a setting of a bucket created with Object Lock",
    BUCKET,
  ),
  "aws:accessanalyzer/analyzer:Analyzer": standalone("an account setting"),
  [CERT]: standalone("RequestCertificate takes domain names"),
  [VALIDATION]: need("waits for the certificate and its DNS records", CERT, RECORD),
  [API]: standalone("CreateApi takes a name and protocol"),
  "aws:apigatewayv2/apiMapping:ApiMapping": need(
    "maps a domain to a deployed stage",
    API,
    "aws:apigatewayv2/domainName:DomainName",
    "aws:apigatewayv2/stage:Stage",
  ),
  "aws:apigatewayv2/authorizer:Authorizer": need(
    "a JWT authorizer of an API; the issuer URL is text, the pool need not exist",
    API,
  ),
  "aws:apigatewayv2/domainName:DomainName": need("needs an issued certificate", CERT, VALIDATION),
  "aws:apigatewayv2/integration:Integration": need(
    "an integration of an API through a VPC link to a listener",
    API,
    "aws:apigatewayv2/vpcLink:VpcLink",
    LISTENER,
  ),
  "aws:apigatewayv2/route:Route": need(
    "a route of an API to its integration and authorizer",
    API,
    "aws:apigatewayv2/integration:Integration",
    "aws:apigatewayv2/authorizer:Authorizer",
  ),
  "aws:apigatewayv2/stage:Stage": need("a stage of an API, logging to a log group", API, LOG_GROUP),
  "aws:apigatewayv2/vpcLink:VpcLink": need("ENIs in the subnets", ...PLACED),
  "aws:appautoscaling/policy:Policy": need(
    "PutScalingPolicy needs the scalable target registered",
    "aws:appautoscaling/target:Target",
  ),
  "aws:appautoscaling/target:Target": need(
    "RegisterScalableTarget needs the resource it scales",
    ECS_SERVICE,
    ECS_CLUSTER,
    MSK,
    ROLE,
  ),
  "aws:autoscaling/group:Group": need(
    "instances from a launch template in subnets",
    "aws:ec2/launchTemplate:LaunchTemplate",
    SUBNET,
    TARGET_GROUP,
  ),
  "aws:backup/plan:Plan": need("rules name their target vault", "aws:backup/vault:Vault"),
  "aws:backup/selection:Selection": need(
    "a selection of a plan, assumed through a role; the resources are ARNs, checked at backup time",
    "aws:backup/plan:Plan",
    ROLE,
  ),
  "aws:backup/vault:Vault": need("encrypted with the key", KEY),
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": need("locks a vault", "aws:backup/vault:Vault"),
  "aws:budgets/budget:Budget": standalone("an account setting"),
  "aws:cfg/deliveryChannel:DeliveryChannel": need(
    "needs a recorder and the bucket",
    "aws:cfg/recorder:Recorder",
    BUCKET,
    KEY,
  ),
  "aws:cfg/recorder:Recorder": need("assumes its role", ROLE),
  "aws:cfg/recorderStatus:RecorderStatus": need(
    "starting a recorder needs its delivery channel",
    "aws:cfg/recorder:Recorder",
    "aws:cfg/deliveryChannel:DeliveryChannel",
  ),
  "aws:cfg/rule:Rule": need("a rule needs a recorder", "aws:cfg/recorder:Recorder"),
  "aws:cloudfront/distribution:Distribution": need(
    "an issued certificate, its origins and the web ACL",
    CERT,
    VALIDATION,
    BUCKET,
    "aws:cloudfront/originAccessControl:OriginAccessControl",
    "aws:wafv2/webAcl:WebAcl",
  ),
  "aws:cloudfront/originAccessControl:OriginAccessControl": standalone("a signing setting"),
  "aws:cloudtrail/trail:Trail": need(
    "CreateTrail checks the bucket's policy allows delivery",
    BUCKET,
    "aws:s3/bucketPolicy:BucketPolicy",
    KEY,
    LOG_GROUP,
    ROLE,
  ),
  "aws:cloudwatch/dashboard:Dashboard": standalone("a JSON body; metrics need not exist"),
  "aws:cloudwatch/eventArchive:EventArchive": need("archives a bus", BUS, KEY),
  [BUS]: need("encrypted with the key; a dead-letter queue", KEY, QUEUE),
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": need("a policy of a bus", BUS),
  [RULE]: need("a rule of a bus", BUS),
  "aws:cloudwatch/eventTarget:EventTarget": need(
    "a target of a rule; PutTargets checks the target and role exist",
    RULE,
    FUNCTION,
    QUEUE,
    TOPIC,
    ROLE,
  ),
  "aws:cloudwatch/logDelivery:LogDelivery": need(
    "connects a source to a destination",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination",
  ),
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": need("delivers to a log group", LOG_GROUP),
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": need(
    "the resource whose logs are delivered",
    "aws:cloudfront/distribution:Distribution",
  ),
  [LOG_GROUP]: need("encrypted with the key (CreateLogGroup checks the key policy)", KEY),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": need(
    "PutMetricFilter names an existing log group (ResourceNotFoundException otherwise)",
    LOG_GROUP,
  ),
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": standalone("a policy document"),
  "aws:cloudwatch/metricAlarm:MetricAlarm": need(
    "an alarm on a metric that may have no data yet; its actions' topic",
    TOPIC,
  ),
  "aws:cloudwatch/queryDefinition:QueryDefinition": standalone("log group names are text"),
  "aws:cognito/resourceServer:ResourceServer": need("a resource server of a pool", USER_POOL),
  [USER_POOL]: standalone("CreateUserPool takes settings"),
  "aws:cognito/userPoolClient:UserPoolClient": need(
    "a client of a pool with its scopes",
    USER_POOL,
    "aws:cognito/resourceServer:ResourceServer",
  ),
  "aws:cognito/userPoolDomain:UserPoolDomain": need("a domain of a pool", USER_POOL),
  "aws:dynamodb/table:Table": need("encrypted with the key", KEY),
  "aws:ebs/defaultKmsKey:DefaultKmsKey": need("names the key", KEY),
  "aws:ebs/encryptionByDefault:EncryptionByDefault": standalone("an account setting"),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": need("the VPC's own group", VPC),
  "aws:ec2/eip:Eip": standalone("AllocateAddress"),
  "aws:ec2/flowLog:FlowLog": need("logs a VPC to a log group through a role", VPC, LOG_GROUP, ROLE),
  "aws:ec2/internetGateway:InternetGateway": need("attached to the VPC", VPC),
  "aws:ec2/launchTemplate:LaunchTemplate": need(
    "CreateLaunchTemplate validates the profile, groups and key",
    "aws:iam/instanceProfile:InstanceProfile",
    SG,
    KEY,
  ),
  "aws:ec2/natGateway:NatGateway": need("an address in a public subnet", "aws:ec2/eip:Eip", SUBNET),
  "aws:ec2/route:Route": need(
    "a route of a table to a gateway or peering",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
  ),
  "aws:ec2/routeTable:RouteTable": need("a table of the VPC", VPC),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": need(
    "associates a subnet with a table",
    SUBNET,
    "aws:ec2/routeTable:RouteTable",
  ),
  [SG]: need("a group of the VPC", VPC),
  [SUBNET]: need("a subnet of the VPC", VPC),
  [VPC]: standalone("CreateVpc takes a CIDR"),
  "aws:ec2/vpcEndpoint:VpcEndpoint": need(
    "ENIs in the subnets, or routes in the tables",
    ...PLACED,
    "aws:ec2/routeTable:RouteTable",
  ),
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": need(
    "accepts a requested peering",
    "mongodbatlas:index/networkPeering:NetworkPeering",
    "confluentcloud:index/peering:Peering",
  ),
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": need("a policy of a repository", REPOSITORY),
  [REPOSITORY]: need("encrypted with the key", KEY),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": need("a policy of a repository", REPOSITORY),
  [ECS_CLUSTER]: need(
    "ECS Exec logging to a log group with a key; the service-linked role",
    LOG_GROUP,
    KEY,
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
  ),
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": need("a setting of a cluster", ECS_CLUSTER),
  [ECS_SERVICE]: need(
    "CreateService needs the cluster, the task definition, its network and an attached target group",
    ECS_CLUSTER,
    TASK_DEFINITION,
    TARGET_GROUP,
    ...PLACED,
  ),
  [TASK_DEFINITION]: need(
    "RegisterTaskDefinition takes role ARNs (checked when tasks start, passed here); the log group",
    ROLE,
  ),
  "aws:elasticache/cluster:Cluster": need(
    "nodes in a subnet group",
    "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup",
    SG,
  ),
  "aws:elasticache/parameterGroup:ParameterGroup": standalone("engine settings"),
  "aws:elasticache/replicationGroup:ReplicationGroup": need(
    "nodes in a subnet group, encrypted with the key, logging to log groups, with its auth token",
    "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup",
    SG,
    KEY,
    LOG_GROUP,
    RANDOM,
  ),
  "aws:elasticache/subnetGroup:SubnetGroup": need("names subnets", SUBNET),
  "aws:guardduty/detector:Detector": standalone("an account setting"),
  "aws:guardduty/detectorFeature:DetectorFeature": need(
    "a feature of a detector",
    "aws:guardduty/detector:Detector",
  ),
  "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": standalone("an account setting"),
  "aws:iam/instanceProfile:InstanceProfile": need("holds a role", ROLE),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": standalone("a URL and thumbprints"),
  [POLICY]: standalone("a policy document; the resources it names need not exist"),
  [ROLE]: need(
    "a trust policy naming an identity provider is checked; a permissions boundary must exist",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    POLICY,
  ),
  "aws:iam/rolePolicy:RolePolicy": need("a policy of a role", ROLE),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": need("attaches a policy to a role", ROLE, POLICY),
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": standalone("a role AWS defines"),
  "aws:inspector2/enabler:Enabler": need(
    "members' scans are enabled by the delegated administrator once associated",
    "aws:inspector2/memberAssociation:MemberAssociation",
  ),
  "aws:kms/alias:Alias": need("names a key", KEY),
  [KEY]: standalone("the key policy's principals are the account's"),
  [ACCOUNT]: standalone("CreateAccount in the organization"),
  [FUNCTION]: need(
    "CreateFunction checks the role, the image, the key, the network and the log group",
    ROLE,
    REPOSITORY,
    KEY,
    LOG_GROUP,
    ...PLACED,
  ),
  "aws:lambda/eventSourceMapping:EventSourceMapping": need("maps a queue to a function", FUNCTION, QUEUE),
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": need(
    "a setting of a function with its failure queue",
    FUNCTION,
    QUEUE,
  ),
  "aws:lambda/permission:Permission": need("a statement of a function's policy", FUNCTION),
  [LISTENER]: need(
    "a listener of a load balancer with an issued certificate and a target group",
    LB,
    CERT,
    VALIDATION,
    TARGET_GROUP,
  ),
  [LISTENER_RULE]: need("a rule of a listener forwarding to a target group", LISTENER, TARGET_GROUP),
  [LB]: need("nodes in the subnets; access logs checked against the bucket's policy", ...PLACED, BUCKET),
  [TARGET_GROUP]: need("a group of the VPC", VPC),
  [MSK]: need(
    "brokers in the subnets, with a configuration, a key and a log group",
    ...PLACED,
    "aws:msk/configuration:Configuration",
    KEY,
    LOG_GROUP,
  ),
  "aws:msk/configuration:Configuration": standalone("broker settings"),
  "aws:msk/serverlessCluster:ServerlessCluster": need("ENIs in the subnets", ...PLACED),
  "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation": need(
    "binds a secret to a cluster",
    MSK,
    SECRET,
  ),
  "aws:msk/topic:Topic": need("a topic of a cluster", MSK),
  "aws:opensearch/domain:Domain": need(
    "nodes in the subnets, a key, log groups, the master role",
    ...PLACED,
    KEY,
    LOG_GROUP,
    ROLE,
  ),
  "aws:organizations/policy:Policy": standalone("a policy document"),
  "aws:organizations/policyAttachment:PolicyAttachment": need(
    "attaches a policy to an account",
    "aws:organizations/policy:Policy",
    ACCOUNT,
  ),
  [RDS]: need(
    "in a subnet group, with its groups, key, parameter group, monitoring role and (a replica) its source",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/parameterGroup:ParameterGroup",
    SG,
    KEY,
    ROLE,
    RDS,
  ),
  "aws:rds/parameterGroup:ParameterGroup": standalone("engine settings"),
  "aws:rds/subnetGroup:SubnetGroup": need("names subnets", SUBNET),
  [RECORD]: need(
    "a record of a zone; an alias needs its target",
    ZONE,
    LB,
    "aws:cloudfront/distribution:Distribution",
    "aws:apigatewayv2/domainName:DomainName",
    CERT,
  ),
  [ZONE]: need("a private zone is associated with a VPC", VPC),
  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": standalone("an account setting"),
  [BUCKET]: standalone("CreateBucket takes a name"),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": need("a setting of a bucket", BUCKET),
  "aws:s3/bucketLogging:BucketLogging": need("a bucket logging to a bucket", BUCKET),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": need("a setting of a bucket", BUCKET),
  "aws:s3/bucketPolicy:BucketPolicy": need(
    "a policy of a bucket; principals in it must exist (IAM resolves them)",
    BUCKET,
    ROLE,
  ),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": need("a setting of a bucket", BUCKET),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": need(
    "a setting of a bucket with its key",
    BUCKET,
    KEY,
  ),
  "aws:s3/bucketVersioning:BucketVersioning": need("a setting of a bucket", BUCKET),
  "aws:scheduler/schedule:Schedule": need(
    "CreateSchedule checks the role; the target is an ARN",
    ROLE,
    QUEUE,
  ),
  [SECRET]: need("encrypted with the key", KEY),
  "aws:secretsmanager/secretVersion:SecretVersion": need("a value of a secret", SECRET, RANDOM),
  [TOPIC]: need("encrypted with the key", KEY),
  "aws:sns/topicPolicy:TopicPolicy": need("a policy of a topic", TOPIC),
  "aws:sns/topicSubscription:TopicSubscription": need("subscribes to a topic", TOPIC),
  [QUEUE]: need("encrypted with the key; a redrive policy names an existing queue", KEY, QUEUE),
  "aws:sqs/queuePolicy:QueuePolicy": need("a policy of a queue", QUEUE),
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": need("a setting of a queue", QUEUE),
  "aws:ssm/document:Document": standalone("document content"),
  "aws:ssm/maintenanceWindow:MaintenanceWindow": standalone("a schedule"),
  "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": need(
    "a target of a window",
    "aws:ssm/maintenanceWindow:MaintenanceWindow",
  ),
  "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": need(
    "a task of a window on its targets",
    "aws:ssm/maintenanceWindow:MaintenanceWindow",
    "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget",
  ),
  "aws:ssm/patchBaseline:PatchBaseline": standalone("patch rules"),
  "aws:ssm/patchGroup:PatchGroup": need("registers a baseline", "aws:ssm/patchBaseline:PatchBaseline"),
  "aws:ssoadmin/accountAssignment:AccountAssignment": need(
    "assigns a permission set in an account",
    PERMISSION_SET,
    ACCOUNT,
  ),
  "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": need(
    "attaches a policy by name to a permission set",
    PERMISSION_SET,
  ),
  "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": need(
    "attaches a policy to a permission set",
    PERMISSION_SET,
  ),
  [PERMISSION_SET]: standalone("a permission set of the instance"),
  "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": need(
    "a policy of a permission set",
    PERMISSION_SET,
  ),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": need("a rule of a group, naming a group", SG),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": need("a rule of a group, naming a group", SG),
  "aws:wafv2/webAcl:WebAcl": standalone("rules"),
  "aws:wafv2/webAclAssociation:WebAclAssociation": need(
    "associates a web ACL with a load balancer",
    "aws:wafv2/webAcl:WebAcl",
    LB,
  ),
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": need(
    "logs a web ACL to a log group",
    "aws:wafv2/webAcl:WebAcl",
    LOG_GROUP,
  ),
  "confluentcloud:index/apiKey:ApiKey": need(
    "a key of an account for a cluster",
    CONFLUENT_SA,
    CONFLUENT_CLUSTER,
  ),
  [CONFLUENT_ENV]: standalone("an environment"),
  "confluentcloud:index/kafkaAcl:KafkaAcl": need("an ACL of a cluster", CONFLUENT_CLUSTER, CONFLUENT_SA),
  [CONFLUENT_CLUSTER]: need(
    "a cluster of an environment, in a network",
    CONFLUENT_ENV,
    "confluentcloud:index/network:Network",
  ),
  "confluentcloud:index/kafkaTopic:KafkaTopic": need("a topic of a cluster", CONFLUENT_CLUSTER),
  "confluentcloud:index/network:Network": need("a network of an environment", CONFLUENT_ENV),
  "confluentcloud:index/peering:Peering": need(
    "peers a network with the VPC",
    "confluentcloud:index/network:Network",
    VPC,
  ),
  "confluentcloud:index/roleBinding:RoleBinding": need(
    "binds an account to a cluster",
    CONFLUENT_SA,
    CONFLUENT_CLUSTER,
  ),
  [CONFLUENT_SA]: standalone("a service account"),
  "mongodbatlas:index/advancedCluster:AdvancedCluster": need(
    "a cluster of a project, in its container",
    ATLAS_PROJECT,
    "mongodbatlas:index/networkContainer:NetworkContainer",
  ),
  "mongodbatlas:index/networkContainer:NetworkContainer": need("a container of a project", ATLAS_PROJECT),
  "mongodbatlas:index/networkPeering:NetworkPeering": need(
    "peers a container with the VPC",
    ATLAS_PROJECT,
    "mongodbatlas:index/networkContainer:NetworkContainer",
    VPC,
  ),
  [ATLAS_PROJECT]: standalone("a project of the organization"),
  "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList": need("an entry of a project", ATLAS_PROJECT),
  "pulumi:providers:aws": need("assumes a role in the member account", ACCOUNT),
  "pulumi:providers:confluentcloud": standalone("credentials"),
  "pulumi:providers:mongodbatlas": standalone("credentials"),
  "pulumi:providers:random": standalone("no cloud"),
  [RANDOM]: standalone("no cloud"),
};

/**
 * A resource of `type` is usable by `usedBy` only once a resource of one of `after` that refers to it
 * through one of `through` exists: that resource is then a prerequisite too, wired or not.
 */
export interface Readiness {
  type: string;
  after: readonly string[];
  through: readonly string[];
  usedBy: readonly string[];
  why: string;
}

export const READY_AFTER: readonly Readiness[] = [
  {
    type: CERT,
    after: [VALIDATION],
    through: ["certificateArn"],
    usedBy: [LISTENER, "aws:cloudfront/distribution:Distribution", "aws:apigatewayv2/domainName:DomainName"],
    // https://docs.aws.amazon.com/acm/latest/userguide/acm-services.html (an integrated service uses an
    // issued certificate; a pending one is rejected: CloudFront's InvalidViewerCertificate).
    why: "only an issued certificate can be attached",
  },
  {
    type: TARGET_GROUP,
    after: [LISTENER, LISTENER_RULE],
    through: ["defaultActions", "actions"],
    usedBy: [ECS_SERVICE],
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html ("The target group ... does not
    // have an associated load balancer" until a listener or rule forwards to it).
    why: "ECS rejects a target group no load balancer forwards to",
  },
];
