/**
 * The catalog's replacement tables: every type has one, citing its provider's page, naming only arguments
 * the provider has; and, for the types CloudFormation also models, the table agrees with the CloudFormation
 * specification's `causesReplacement` flags (@aws-cdk/aws-service-spec) except where a divergence is known
 * and explained.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";

import { ENTRIES, EVERY_INPUT, forcingPath, registryPage } from "../../tools/catalog";
import { findProjectDir } from "../../tools/engine/stackFiles";

const ROOT = findProjectDir();

const PACKAGES: Record<string, string> = {
  aws: "@pulumi/aws",
  confluentcloud: "@pulumi/confluentcloud",
  mongodbatlas: "@pulumi/mongodbatlas",
  random: "@pulumi/random",
};

/** The top-level arguments of a type, read from its `<Name>Args` interface in the provider's typings. */
function argumentsOf(type: string): Set<string> {
  const [, pkg, mod, file, name] = /^(\w+):(\w+)\/(\w+):(\w+)$/.exec(type) ?? [];
  const dts = path.join(ROOT, "node_modules", PACKAGES[pkg], mod === "index" ? "" : mod, `${file}.d.ts`);
  const text = fs.readFileSync(dts, "utf8");
  const start = text.indexOf(`export interface ${name}Args {`);
  assert.ok(start >= 0, `${type}: no ${name}Args in ${dts}`);
  const body = text.slice(start, text.indexOf("\n}", start));
  return new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]));
}

/** Every property name of a provider's input types (for nested paths). */
const nestedNames = new Map<string, string>();
function hasNested(pkg: string, name: string): boolean {
  let text = nestedNames.get(pkg);
  if (text === undefined) {
    text = fs.readFileSync(path.join(ROOT, "node_modules", PACKAGES[pkg], "types", "input.d.ts"), "utf8");
    nestedNames.set(pkg, text);
  }
  return new RegExp(`^\\s+${name}\\??:`, "m").test(text);
}

describe("the replacement tables", () => {
  it("cover every type, each citing its provider's documentation page", () => {
    for (const e of ENTRIES) {
      const r = e.replaceOn;
      assert.ok(r, `${e.type}: no replaceOn`);
      const provider = /^pulumi:providers:(\w+)$/.exec(e.type)?.[1];
      const pkg = e.type.split(":")[0];
      assert.match(
        r.source,
        provider
          ? new RegExp(`^https://www\\.pulumi\\.com/registry/packages/${provider}/`)
          : /^https:\/\/registry\.terraform\.io\/providers\/(hashicorp\/aws|confluentinc\/confluent|mongodb\/mongodbatlas|hashicorp\/random)\/latest\/docs\/resources\/[a-z0-9_]+$/,
        e.type,
      );
      if (!provider) {
        assert.ok(r.source.includes(pkg === "confluentcloud" ? "confluent" : pkg), `${e.type}: ${r.source}`);
        assert.ok(
          registryPage(e.type)?.startsWith(`https://www.pulumi.com/registry/packages/${pkg}/api-docs/`),
        );
      }
      assert.deepStrictEqual([...r.forceNew], [...new Set(r.forceNew)], `${e.type}: a path twice`);
    }
  });

  it("name only arguments the provider has (top level in the type's Args, nested in its input types)", () => {
    const wrong: string[] = [];
    for (const e of ENTRIES.filter((x) => !x.type.startsWith("pulumi:providers:"))) {
      const args = argumentsOf(e.type);
      const pkg = e.type.split(":")[0];
      for (const p of e.replaceOn.forceNew.filter((f) => f !== EVERY_INPUT)) {
        const [top, ...rest] = p.split(".");
        if (!args.has(top) || rest.some((n) => !hasNested(pkg, n))) {
          wrong.push(`${e.type} ${p}`);
        }
      }
    }
    assert.deepStrictEqual(wrong, []);
  });

  it("force on a path, anything under it, and a whole block holding it; every input but the tags for *", () => {
    const msk = ENTRIES.find((e) => e.type === "aws:msk/cluster:Cluster")!.replaceOn;
    assert.strictEqual(
      forcingPath(msk, "brokerNodeGroupInfo.clientSubnets[1]"),
      "brokerNodeGroupInfo.clientSubnets",
    );
    assert.strictEqual(forcingPath(msk, "brokerNodeGroupInfo"), "brokerNodeGroupInfo.azDistribution");
    assert.strictEqual(forcingPath(msk, "brokerNodeGroupInfo.instanceType"), undefined);
    assert.strictEqual(forcingPath(msk, "region"), "region");
    const permission = ENTRIES.find((e) => e.type === "aws:lambda/permission:Permission")!.replaceOn;
    assert.strictEqual(forcingPath(permission, "sourceArn"), "sourceArn");
    assert.strictEqual(forcingPath(permission, "tags.team"), undefined);
  });

  it("mark the stores the issue names stateful: databases, caches, clusters, buckets, keys, zones, accounts", () => {
    const stateful = new Set(ENTRIES.filter((e) => e.stateful).map((e) => e.type));
    for (const type of [
      "aws:rds/instance:Instance",
      "mongodbatlas:index/advancedCluster:AdvancedCluster",
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws:msk/cluster:Cluster",
      "confluentcloud:index/kafkaCluster:KafkaCluster",
      "aws:opensearch/domain:Domain",
      "aws:s3/bucket:Bucket",
      "aws:kms/key:Key",
      "aws:route53/zone:Zone",
      "aws:organizations/account:Account",
    ]) {
      assert.ok(stateful.has(type), `${type} is not stateful`);
    }
  });
});

// ---- Cross-check with CloudFormation's causesReplacement flags ----

interface CfnProperty {
  causesReplacement?: "yes" | "maybe" | "no";
  type?: CfnType;
}
interface CfnType {
  type: string;
  element?: CfnType;
  reference?: { $ref: string };
}
interface Spec {
  schema: {
    resource: { entities: Array<{ cloudFormationType: string; properties: Record<string, CfnProperty> }> };
    typeDefinition: { entities: Array<{ $id: string; properties: Record<string, CfnProperty> }> };
  };
}

/**
 * The Pulumi types CloudFormation also models, with the CloudFormation property names that are not just
 * the Pulumi argument in PascalCase (a path segment each).
 */
const CFN: Record<string, { cfn: string; renames?: Record<string, string> }> = {
  "aws:msk/cluster:Cluster": {
    cfn: "AWS::MSK::Cluster",
    renames: {
      BrokerAZDistribution: "azDistribution",
      EncryptionAtRest: "",
      DataVolumeKMSKeyId: "encryptionAtRestKmsKeyArn",
    },
  },
  "aws:msk/configuration:Configuration": {
    cfn: "AWS::MSK::Configuration",
    renames: { KafkaVersionsList: "kafkaVersions" },
  },
  "aws:ec2/subnet:Subnet": { cfn: "AWS::EC2::Subnet" },
  "aws:ec2/vpc:Vpc": { cfn: "AWS::EC2::VPC" },
  "aws:ec2/securityGroup:SecurityGroup": {
    cfn: "AWS::EC2::SecurityGroup",
    renames: { GroupDescription: "description", GroupName: "name" },
  },
  "aws:ec2/natGateway:NatGateway": {
    cfn: "AWS::EC2::NatGateway",
    renames: { PrivateIpAddress: "privateIp" },
  },
  "aws:ec2/routeTable:RouteTable": { cfn: "AWS::EC2::RouteTable" },
  "aws:ec2/route:Route": { cfn: "AWS::EC2::Route" },
  "aws:ec2/eip:Eip": { cfn: "AWS::EC2::EIP" },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { cfn: "AWS::EC2::VPCEndpoint" },
  "aws:rds/instance:Instance": {
    cfn: "AWS::RDS::DBInstance",
    renames: {
      DBInstanceIdentifier: "identifier",
      MasterUsername: "username",
      DBName: "dbName",
      DBSubnetGroupName: "dbSubnetGroupName",
      CustomIAMInstanceProfile: "customIamInstanceProfile",
      KmsKeyId: "kmsKeyId",
    },
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    cfn: "AWS::RDS::DBSubnetGroup",
    renames: { DBSubnetGroupName: "name" },
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    cfn: "AWS::ElastiCache::ReplicationGroup",
    renames: {
      CacheSubnetGroupName: "subnetGroupName",
      PreferredCacheClusterAZs: "preferredCacheClusterAzs",
    },
  },
  "aws:elasticache/subnetGroup:SubnetGroup": {
    cfn: "AWS::ElastiCache::SubnetGroup",
    renames: { CacheSubnetGroupName: "name" },
  },
  "aws:s3/bucket:Bucket": {
    cfn: "AWS::S3::Bucket",
    renames: { BucketName: "bucket", BucketNamePrefix: "bucketPrefix" },
  },
  "aws:kms/key:Key": { cfn: "AWS::KMS::Key", renames: { KeySpec: "customerMasterKeySpec" } },
  "aws:kms/alias:Alias": { cfn: "AWS::KMS::Alias", renames: { AliasName: "name" } },
  "aws:route53/zone:Zone": { cfn: "AWS::Route53::HostedZone" },
  "aws:dynamodb/table:Table": {
    cfn: "AWS::DynamoDB::Table",
    renames: { TableName: "name", ImportSourceSpecification: "importTable", KeySchema: "hashKey" },
  },
  "aws:sqs/queue:Queue": { cfn: "AWS::SQS::Queue", renames: { QueueName: "name" } },
  "aws:sns/topic:Topic": { cfn: "AWS::SNS::Topic", renames: { TopicName: "name" } },
  "aws:opensearch/domain:Domain": {
    cfn: "AWS::OpenSearchService::Domain",
    renames: { EncryptionAtRestOptions: "encryptAtRest", KmsKeyId: "kmsKeyId" },
  },
  "aws:ecr/repository:Repository": {
    cfn: "AWS::ECR::Repository",
    renames: { RepositoryName: "name", EncryptionConfiguration: "encryptionConfigurations" },
  },
  "aws:cognito/userPool:UserPool": { cfn: "AWS::Cognito::UserPool", renames: { UserPoolName: "name" } },
  "aws:secretsmanager/secret:Secret": { cfn: "AWS::SecretsManager::Secret" },
  "aws:backup/vault:Vault": {
    cfn: "AWS::Backup::BackupVault",
    renames: { BackupVaultName: "name", EncryptionKeyArn: "kmsKeyArn" },
  },
  "aws:cloudwatch/eventArchive:EventArchive": {
    cfn: "AWS::Events::Archive",
    renames: { ArchiveName: "name", SourceArn: "eventSourceArn" },
  },
  "aws:cloudwatch/eventBus:EventBus": { cfn: "AWS::Events::EventBus" },
  "aws:cloudwatch/eventRule:EventRule": { cfn: "AWS::Events::Rule" },
  "aws:scheduler/schedule:Schedule": { cfn: "AWS::Scheduler::Schedule" },
  "aws:organizations/account:Account": {
    cfn: "AWS::Organizations::Account",
    renames: { AccountName: "name" },
  },
  "aws:ecs/cluster:Cluster": { cfn: "AWS::ECS::Cluster", renames: { ClusterName: "name" } },
  "aws:ecs/service:Service": {
    cfn: "AWS::ECS::Service",
    renames: { ServiceName: "name", Role: "iamRole", Type: "" },
  },
  "aws:lambda/function:Function": { cfn: "AWS::Lambda::Function", renames: { FunctionName: "name" } },
  "aws:lb/loadBalancer:LoadBalancer": {
    cfn: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    renames: { Type: "loadBalancerType", Scheme: "internal" },
  },
  "aws:lb/targetGroup:TargetGroup": { cfn: "AWS::ElasticLoadBalancingV2::TargetGroup" },
  "aws:cloudwatch/logGroup:LogGroup": { cfn: "AWS::Logs::LogGroup", renames: { LogGroupName: "name" } },
  "aws:iam/role:Role": { cfn: "AWS::IAM::Role", renames: { RoleName: "name" } },
  "aws:cloudtrail/trail:Trail": { cfn: "AWS::CloudTrail::Trail", renames: { TrailName: "name" } },
};

/**
 * Where the provider (Terraform's ForceNew) and CloudFormation disagree, and why: `+` the table replaces
 * where CloudFormation does not flag it, `-` CloudFormation replaces where the provider updates in place.
 */
const KNOWN_DIVERGENCES: Record<string, string> = {
  "aws:rds/instance:Instance -port":
    "the provider changes the port in place (ModifyDBInstance DBPortNumber); CloudFormation replaces",
  "aws:rds/instance:Instance -dbSubnetGroupName":
    "the provider moves the instance to another subnet group in place (ModifyDBInstance DBSubnetGroupName)",
  "aws:rds/instance:Instance +engine": "CloudFormation flags the engine 'maybe' (replaced unless an upgrade)",
  "aws:rds/instance:Instance +availabilityZone": "CloudFormation flags the AZ 'maybe' (not with Multi-AZ)",
  "aws:elasticache/replicationGroup:ReplicationGroup -engine":
    "the provider upgrades redis to valkey in place (ModifyReplicationGroup Engine)",
  "aws:elasticache/replicationGroup:ReplicationGroup -replicasPerNodeGroup":
    "the provider adds or removes replicas in place (IncreaseReplicaCount/DecreaseReplicaCount)",
  "aws:kms/key:Key +customerMasterKeySpec":
    "CloudFormation does not flag it, but its page says a new key spec schedules the key for deletion and creates a new one",
  "aws:kms/key:Key +keyUsage": "as for the key spec: CloudFormation creates a new key",
  "aws:kms/key:Key +multiRegion": "as for the key spec: CloudFormation creates a new key",
  "aws:dynamodb/table:Table +localSecondaryIndexes":
    "local secondary indexes exist only from the table's creation (AWS has no API to add one)",
  "aws:opensearch/domain:Domain +encryptAtRest.kmsKeyId":
    "UpdateDomainConfig cannot change the key of an encrypted domain; the provider replaces",
  "aws:cognito/userPool:UserPool +aliasAttributes":
    "the provider replaces on sign-in attribute changes (UpdateUserPool cannot change them); CloudFormation fails the update instead",
  "aws:cognito/userPool:UserPool +usernameAttributes": "as for aliasAttributes",
  "aws:cognito/userPool:UserPool +usernameConfiguration": "as for aliasAttributes",
  "aws:organizations/account:Account +email":
    "the provider replaces (closes and creates) on a new e-mail; CloudFormation updates the account's root e-mail",
  "aws:organizations/account:Account +roleName":
    "the role is only created with the account; CloudFormation has no RoleName",
  "aws:scheduler/schedule:Schedule +groupName":
    "the provider replaces on a new group; CloudFormation moves it",
  "aws:cloudwatch/logGroup:LogGroup +logGroupClass": "AWS has no API to change a log group's class",
  "aws:ec2/eip:Eip +publicIpv4Pool": "an address is allocated from its pool: a new pool is a new address",
  "aws:ec2/vpcEndpoint:VpcEndpoint -dnsOptions.privateDnsSpecifiedDomains":
    "the provider modifies DNS options in place (ModifyVpcEndpoint)",
  "aws:ec2/vpcEndpoint:VpcEndpoint -dnsOptions.privateDnsPreference": "as for privateDnsSpecifiedDomains",
  "aws:ec2/subnet:Subnet -ipv6NetmaskLength": "the provider changes a subnet's IPv6 block in place",
};

function loadSpec(): Spec {
  const file = path.join(ROOT, "node_modules", "@aws-cdk", "aws-service-spec", "db.json.gz");
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as Spec;
}

const camel = (s: string): string => s[0].toLowerCase() + s.slice(1);

/**
 * The Pulumi paths of a resource's CloudFormation properties: those flagged `causesReplacement: yes`, or
 * all of them.
 */
function cfnPaths(spec: Spec, cfn: string, renames: Record<string, string>, all = false): string[] {
  const types = new Map(spec.schema.typeDefinition.entities.map((t) => [t.$id, t]));
  const resource = spec.schema.resource.entities.find((r) => r.cloudFormationType === cfn);
  assert.ok(resource, `the specification has no ${cfn}`);
  const out: string[] = [];
  const walk = (props: Record<string, CfnProperty>, prefix: string[], depth: number): void => {
    for (const [name, p] of Object.entries(props)) {
      const seg = name in renames ? renames[name] : camel(name);
      const at = seg ? [...prefix, seg] : prefix;
      if ((all || p.causesReplacement === "yes") && seg) {
        out.push(at.join("."));
      }
      let t = p.type;
      while (t && (t.type === "array" || t.type === "map")) {
        t = t.element;
      }
      const def = t?.type === "ref" && t.reference ? types.get(t.reference.$ref) : undefined;
      if (def && depth < 3) {
        walk(def.properties, at, depth + 1);
      }
    }
  };
  walk(resource.properties, [], 0);
  return out;
}

describe("the replacement tables against CloudFormation's causesReplacement flags", () => {
  it("agree for the types both model, except the known divergences", function () {
    this.timeout(60_000);
    const spec = loadSpec();
    const found = new Set<string>();
    for (const [type, { cfn, renames = {} }] of Object.entries(CFN)) {
      const entry = ENTRIES.find((e) => e.type === type);
      assert.ok(entry, `${type} is not in the catalog`);
      const args = argumentsOf(type);
      const table = entry.replaceOn.forceNew.filter((f) => f !== "region");
      // Only what both sides can name: a CloudFormation property the provider does not have is no divergence.
      const theirs = cfnPaths(spec, cfn, renames).filter((p) => args.has(p.split(".")[0]));
      const covered = (p: string): boolean => forcingPath(entry.replaceOn, p) !== undefined;
      for (const p of theirs.filter((x) => !covered(x))) {
        found.add(`${type} -${p}`);
      }
      const all = new Set(cfnPaths(spec, cfn, renames, true).filter((p) => args.has(p.split(".")[0])));
      for (const p of table.filter(
        (x) => x !== EVERY_INPUT && all.has(x) && !theirs.some((t) => t === x || x.startsWith(`${t}.`)),
      )) {
        found.add(`${type} +${p}`);
      }
    }
    const unexplained = [...found].filter((d) => !(d in KNOWN_DIVERGENCES)).sort();
    assert.deepStrictEqual(unexplained, [], "divergences without an explanation");
    const stale = Object.keys(KNOWN_DIVERGENCES)
      .filter((d) => !found.has(d))
      .sort();
    assert.deepStrictEqual(stale, [], "explained divergences that no longer diverge");
  });
});
