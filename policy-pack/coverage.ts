/**
 * Every AWS resource type the platform creates, and what the pack makes of it: the policies that judge
 * it, or why no rule of this pack concerns it. A test fails when the program creates a type that is in
 * neither list, so a new kind of resource is a deliberate decision of the pull request that adds it.
 */
export const RULED_TYPES: Readonly<Record<string, readonly string[]>> = {
  "aws:cloudtrail/trail:Trail": ["cloudtrail-log-validation"],
  "aws:cloudwatch/logGroup:LogGroup": ["log-group-encrypted", "log-group-retention"],
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": [
    "default-security-group-closed",
    "no-public-ingress",
    "no-ssh-rdp",
  ],
  "aws:ec2/natGateway:NatGateway": ["only-edge-in-public-subnets"],
  "aws:ec2/route:Route": ["private-subnets-stay-private"],
  "aws:ec2/routeTable:RouteTable": ["private-subnets-stay-private"],
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["private-subnets-stay-private"],
  "aws:ec2/securityGroup:SecurityGroup": ["no-public-ingress", "no-ssh-rdp"],
  "aws:ec2/subnet:Subnet": ["private-subnets-stay-private", "only-edge-in-public-subnets"],
  "aws:ec2/vpc:Vpc": ["vpc-flow-logs", "default-security-group-closed"],
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["only-edge-in-public-subnets"],
  "aws:kms/key:Key": ["kms-key-rotation"],
  "aws:s3/bucket:Bucket": ["s3-bucket-encrypted", "s3-bucket-has-tls-policy"],
  "aws:s3/bucketPolicy:BucketPolicy": ["s3-bucket-policy-denies-http"],
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
    "s3-bucket-encrypted",
  ],
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["no-public-ingress", "no-ssh-rdp"],
  "aws:sns/topic:Topic": ["sns-encrypted"],
  "aws:rds/instance:Instance": ["rds-encrypted", "rds-not-public", "rds-force-ssl"],
  "aws:rds/parameterGroup:ParameterGroup": ["rds-force-ssl"],
  "aws:rds/subnetGroup:SubnetGroup": ["only-edge-in-public-subnets"],
  "aws:elasticache/replicationGroup:ReplicationGroup": ["elasticache-encrypted"],
  "aws:elasticache/cluster:Cluster": ["elasticache-encrypted"],
  "aws:elasticache/subnetGroup:SubnetGroup": ["only-edge-in-public-subnets"],
  "aws:opensearch/domain:Domain": ["opensearch-encrypted", "opensearch-https", "only-edge-in-public-subnets"],
  "aws:cloudfront/distribution:Distribution": ["cloudfront-https-only"],
  "aws:secretsmanager/secret:Secret": ["secrets-encrypted"],
  "aws:s3/bucketLogging:BucketLogging": ["s3-bucket-encrypted"],
  "aws:msk/cluster:Cluster": ["msk-encrypted", "msk-no-public-access", "only-edge-in-public-subnets"],
  "aws:msk/serverlessCluster:ServerlessCluster": ["msk-encrypted", "only-edge-in-public-subnets"],
  "aws:ec2/launchTemplate:LaunchTemplate": ["imdsv2-required", "ebs-encrypted", "no-public-ip-on-instances"],
  "aws:ec2/instance:Instance": [
    "imdsv2-required",
    "ebs-encrypted",
    "no-public-ip-on-instances",
    "only-edge-in-public-subnets",
  ],
  "aws:autoscaling/group:Group": ["only-edge-in-public-subnets"],
  "aws:lb/loadBalancer:LoadBalancer": [
    "only-edge-in-public-subnets",
    "no-public-ingress",
    "s3-bucket-encrypted",
  ],
  "aws:lb/listener:Listener": ["https-listener-tls12", "http-listener-redirects"],
  "aws:lb/listenerRule:ListenerRule": ["http-listener-redirects"],
  "aws:ecs/service:Service": ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
  "aws:scheduler/schedule:Schedule": ["ecs-tasks-no-public-ip", "only-edge-in-public-subnets"],
  "aws:ecr/repository:Repository": ["ecr-encrypted"],
  "aws:sqs/queue:Queue": ["sqs-encrypted"],
  "aws:apigatewayv2/vpcLink:VpcLink": ["only-edge-in-public-subnets"],
  "aws:apigatewayv2/domainName:DomainName": ["api-domain-tls12"],
  // Events (issue 11)
  "aws:dynamodb/table:Table": ["dynamodb-encrypted", "dynamodb-point-in-time-recovery"],
  "aws:cloudwatch/eventBus:EventBus": ["eventbridge-encrypted"],
  "aws:cloudwatch/eventArchive:EventArchive": ["eventbridge-encrypted"],
  "aws:lambda/function:Function": [
    "lambda-environment-encrypted",
    "lambda-in-vpc",
    "only-edge-in-public-subnets",
  ],
  // Observability and operations (issue 8).
  "aws:backup/vault:Vault": ["backup-vault-encrypted"],
};

export const UNRULED_TYPES: Readonly<Record<string, string>> = {
  "pulumi:providers:aws": "a provider, not a resource in AWS",
  "aws:accessanalyzer/analyzer:Analyzer": "an account control itself; holds no data",
  "aws:budgets/budget:Budget": "billing alert; holds no data",
  "aws:ebs/defaultKmsKey:DefaultKmsKey":
    "sets the account's EBS default key (the baseline sets the environment key)",
  "aws:ebs/encryptionByDefault:EncryptionByDefault": "turns EBS encryption on for the account",
  "aws:ec2/eip:Eip": "an address; what it attaches to is judged (NAT gateway, VPN server)",
  "aws:ec2/flowLog:FlowLog": "required by vpc-flow-logs; its log group is judged",
  "aws:ec2/internetGateway:InternetGateway": "routes to it are judged by private-subnets-stay-private",
  "aws:guardduty/detector:Detector": "a detective control; holds no data",
  "aws:guardduty/detectorFeature:DetectorFeature": "a detective control; holds no data",
  "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": "an account control itself",
  "aws:iam/role:Role": "IAM is reviewed by the access model's tests, not by network or encryption rules",
  "aws:iam/rolePolicy:RolePolicy":
    "IAM is reviewed by the access model (issue 10), not by network or encryption rules",
  "aws:kms/alias:Alias": "a name for a key; the key is judged",
  "aws:organizations/account:Account": "the member account; its contents are judged",
  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": "an account control itself",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
    "expiry rules; no exposure or encryption setting",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
    "disables ACLs; no exposure or encryption setting",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
    "blocks public access (the account-level block also applies)",
  "aws:s3/bucketVersioning:BucketVersioning": "versioning; no exposure or encryption setting",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
    "outbound only; the pack restricts what may come in",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
    "identity federation; the roles trusting it are tested (issue 10)",
  "aws:iam/policy:Policy": "IAM is reviewed by the access model's tests, not by network or encryption rules",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is reviewed by the access model's tests",
  "aws:ssoadmin/permissionSet:PermissionSet": "Identity Center access, reviewed by the access model's tests",
  "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment":
    "Identity Center access, reviewed by the access model's tests",
  "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy":
    "Identity Center access, reviewed by the access model's tests",
  "aws:ssoadmin/accountAssignment:AccountAssignment":
    "Identity Center access, reviewed by the access model's tests",
  "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment":
    "Identity Center access, reviewed by the access model's tests",
  "aws:organizations/policy:Policy": "a service control policy: a guardrail itself",
  "aws:organizations/policyAttachment:PolicyAttachment": "attaches a guardrail",
  "aws:cfg/recorder:Recorder": "AWS Config: a detective control",
  "aws:cfg/deliveryChannel:DeliveryChannel": "AWS Config delivery (its bucket is judged)",
  "aws:cfg/recorderStatus:RecorderStatus": "AWS Config: a detective control",
  "aws:cfg/rule:Rule": "AWS Config: a detective control",
  "aws:ssm/patchBaseline:PatchBaseline": "patching: a hardening control",
  "aws:ssm/patchGroup:PatchGroup": "patching: a hardening control",
  "aws:ssm/maintenanceWindow:MaintenanceWindow": "patching: a hardening control",
  "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": "patching: a hardening control",
  "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": "patching: a hardening control",
  "aws:inspector2/enabler:Enabler": "vulnerability scanning: a detective control",
  "aws:cloudwatch/eventRule:EventRule": "routes events; holds no data",
  "aws:cloudwatch/eventTarget:EventTarget": "routes events to a target that is judged itself",
  "aws:sns/topicPolicy:TopicPolicy": "who may publish; the topic's encryption is judged by sns-encrypted",
  "aws:sns/topicSubscription:TopicSubscription": "a subscriber of a topic that is judged",
  "pulumi:providers:mongodbatlas": "a provider, not a resource",
  "pulumi:providers:random": "a provider, not a resource",
  "random:index/randomPassword:RandomPassword":
    "generates a secret in state (as a Pulumi secret); no cloud resource",
  "aws:acm/certificate:Certificate": "a certificate; the listeners and distributions using it are judged",
  "aws:acm/certificateValidation:CertificateValidation": "waits for DNS validation",
  "aws:cloudfront/originAccessControl:OriginAccessControl": "signs CloudFront's requests to its origin",
  "aws:cloudwatch/logDelivery:LogDelivery": "log delivery to a log group that is judged",
  "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination":
    "log delivery to a log group that is judged",
  "aws:cloudwatch/logDeliverySource:LogDeliverySource": "log delivery from a resource that is judged",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy":
    "lets an AWS service write to log groups that are judged",
  "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter":
    "accepts a peering; the routes it enables are judged",
  "aws:elasticache/parameterGroup:ParameterGroup":
    "engine settings; encryption is a replication group setting, judged there",
  "aws:iam/serviceLinkedRole:ServiceLinkedRole": "a role AWS defines for its own service",
  "aws:route53/record:Record": "a DNS name",
  "aws:secretsmanager/secretVersion:SecretVersion": "a value of a secret that is judged",
  "aws:wafv2/webAcl:WebAcl": "a protective control itself",
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
    "logging of a protective control, to a log group that is judged",
  "mongodbatlas:index/project:Project":
    "MongoDB Atlas, outside AWS: private peering, access list and TLS are set and tested by the component",
  "mongodbatlas:index/networkContainer:NetworkContainer":
    "MongoDB Atlas network; its CIDR is validated against every other block",
  "mongodbatlas:index/networkPeering:NetworkPeering": "MongoDB Atlas peering; routes to it are judged",
  "mongodbatlas:index/projectIpAccessList:ProjectIpAccessList":
    "MongoDB Atlas access list, limited to the VPC CIDR (tested)",
  "mongodbatlas:index/advancedCluster:AdvancedCluster":
    "MongoDB Atlas cluster; TLS 1.2 minimum is set and tested by the component",
  "aws:appautoscaling/policy:Policy": "scaling rules; no exposure or data",
  "aws:appautoscaling/target:Target": "scaling bounds; no exposure or data",
  "aws:cloudwatch/metricAlarm:MetricAlarm": "an alarm; holds no data",
  "aws:iam/instanceProfile:InstanceProfile":
    "binds a role to an instance; the role is reviewed by the component's tests",
  "aws:msk/configuration:Configuration":
    "broker settings (no auto topic creation, replication); tested by the component",
  "aws:msk/topic:Topic": "a topic of a cluster that is judged",
  "aws:msk/singleScramSecretAssociation:SingleScramSecretAssociation":
    "binds a SCRAM secret (judged) to a cluster (judged)",
  "aws:ssm/document:Document": "operator procedures (VPN certificates), limited to an IAM group",
  "pulumi:providers:confluentcloud": "a provider, not a resource",
  "confluentcloud:index/environment:Environment":
    "Confluent Cloud, outside AWS: networking, ACLs and keys are set and tested by the component",
  "confluentcloud:index/network:Network":
    "Confluent Cloud network; its CIDR is validated against every other block",
  "confluentcloud:index/peering:Peering": "Confluent Cloud peering; routes to it are judged",
  "confluentcloud:index/kafkaCluster:KafkaCluster":
    "Confluent Cloud cluster; private networking in prod is tested",
  "confluentcloud:index/serviceAccount:ServiceAccount": "Confluent identity per client",
  "confluentcloud:index/roleBinding:RoleBinding": "Confluent access, limited to the client's topics (tested)",
  "confluentcloud:index/apiKey:ApiKey": "Confluent credentials, stored in Secrets Manager (judged)",
  "confluentcloud:index/kafkaTopic:KafkaTopic": "a topic declared in config",
  "confluentcloud:index/kafkaAcl:KafkaAcl": "Confluent access, limited to the client's topics (tested)",
  "aws:apigatewayv2/api:Api": "the partner API; its domain's TLS and its VPC link are judged",
  "aws:apigatewayv2/apiMapping:ApiMapping": "maps a judged domain to an API",
  "aws:apigatewayv2/authorizer:Authorizer": "JWT authorizer (tested by the component)",
  "aws:apigatewayv2/integration:Integration": "routes to the internal ALB through a judged VPC link",
  "aws:apigatewayv2/route:Route": "a route with an authorizer (tested by the component)",
  "aws:apigatewayv2/stage:Stage": "throttling and access logs (tested by the component)",
  "aws:cognito/resourceServer:ResourceServer": "OAuth scopes",
  "aws:cognito/userPool:UserPool": "identity; its settings are tested by the component",
  "aws:cognito/userPoolClient:UserPoolClient": "identity; its settings are tested by the component",
  "aws:cognito/userPoolDomain:UserPoolDomain": "the hosted sign-in domain (HTTPS only, by AWS)",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": "image expiry",
  "aws:ecs/cluster:Cluster": "Container Insights and ECS Exec logging are tested by the component",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "capacity strategy",
  "aws:ecs/taskDefinition:TaskDefinition": "least privilege and secrets are tested by the service module",
  "aws:lb/targetGroup:TargetGroup": "a target group of a judged load balancer",
  "aws:route53/zone:Zone": "DNS zones",
  "aws:sqs/queuePolicy:QueuePolicy": "denies non-TLS access (tested by the queue component)",
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": "which queues may use a dead-letter queue",
  "aws:wafv2/webAclAssociation:WebAclAssociation": "attaches a protective control",
  // Events (issue 11)
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy":
    "who may put events on the bus: the account only (tested by the bus component)",
  "aws:lambda/permission:Permission": "lets one rule invoke one function (tested by the rule component)",
  "aws:lambda/eventSourceMapping:EventSourceMapping": "connects a judged queue to a judged function",
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig":
    "retries and the failure queue (judged) of asynchronous invocations",
  "aws:ecr/repositoryPolicy:RepositoryPolicy":
    "lets Lambda pull a repository's images for the named functions only (tested)",
  // Observability and operations (issue 8).
  "aws:backup/plan:Plan": "a schedule and retention; the vaults it writes to are judged",
  "aws:backup/selection:Selection": "which stores are backed up (tested: every stateful store)",
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration":
    "protects the recovery points of a judged vault from deletion",
  "aws:cloudwatch/dashboard:Dashboard": "a view of metrics; holds no data",
  "aws:cloudwatch/queryDefinition:QueryDefinition": "a saved query over a log group that is judged",
};
