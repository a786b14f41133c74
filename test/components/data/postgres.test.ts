import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import {
  Postgres,
  PostgresArgs,
  postgresConnectStatement,
  postgresParameters,
  replicaZones,
} from "../../../components/data/postgres";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { byUrn, inputs, ofType, runComponent, single } from "../../helpers/graph";
import { AZS, DATA_SUBNETS, KEY, valueOf } from "./values";

const ARGS: PostgresArgs = {
  baseName: "platform-prod",
  accountId: "123456789012",
  vpcId: "vpc-1",
  subnetIds: DATA_SUBNETS,
  availabilityZones: AZS,
  clientSecurityGroupIds: ["sg-services"],
  kmsKeyArn: KEY,
  majorVersion: 17,
  instanceClass: "db.r7g.large",
  allocatedStorageGb: 100,
  maxAllocatedStorageGb: 1000,
  multiAz: true,
  backupRetentionDays: 35,
  readReplicas: 2,
  logRetentionDays: 365,
  protect: true,
};

async function postgres(args: Partial<PostgresArgs> = {}): Promise<RecordedResource[]> {
  return (await runComponent(() => new Postgres("pg", { ...ARGS, ...args }))).resources;
}

const instances = (rs: RecordedResource[]): RecordedResource[] => ofType(rs, "aws:rds/instance:Instance");
const primary = (rs: RecordedResource[]): RecordedResource => instances(rs).find((r) => r.name === "pg")!;

describe("Postgres", () => {
  it("encrypts storage, Performance Insights and the RDS-managed master secret with the environment key", async () => {
    const db = inputs(primary(await postgres()));
    assert.strictEqual(db.storageEncrypted, true);
    assert.strictEqual(db.kmsKeyId, KEY);
    assert.strictEqual(db.performanceInsightsEnabled, true);
    assert.strictEqual(db.performanceInsightsKmsKeyId, KEY);
    assert.strictEqual(db.manageMasterUserPassword, true);
    assert.strictEqual(db.masterUserSecretKmsKeyId, KEY);
    assert.strictEqual(db.password, undefined, "no password in config or state");
    assert.strictEqual(db.iamDatabaseAuthenticationEnabled, true);
  });

  it("sits in the data subnets, private, reachable on 5432 only from the services group", async () => {
    const rs = await postgres();
    const subnetGroup = single(rs, "aws:rds/subnetGroup:SubnetGroup");
    assert.deepStrictEqual(inputs(subnetGroup).subnetIds, ARGS.subnetIds);
    for (const db of instances(rs)) {
      assert.strictEqual(inputs(db).publiclyAccessible, false, db.name);
      assert.deepStrictEqual(db.propertyDependencies.dbSubnetGroupName, [subnetGroup.urn], db.name);
    }
    const sg = single(rs, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepStrictEqual(primary(rs).propertyDependencies.vpcSecurityGroupIds, [sg.urn]);
    const rules = rs.filter((r) => r.type.startsWith("aws:vpc/securityGroup"));
    assert.deepStrictEqual(
      rules.map((r) => r.type),
      ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"],
    );
    const { referencedSecurityGroupId, ipProtocol, fromPort, toPort, cidrIpv4 } = inputs(rules[0]);
    assert.deepStrictEqual(
      { referencedSecurityGroupId, ipProtocol, fromPort, toPort, cidrIpv4 },
      {
        referencedSecurityGroupId: "sg-services",
        ipProtocol: "tcp",
        fromPort: 5432,
        toPort: 5432,
        cidrIpv4: undefined,
      },
    );
    assert.deepStrictEqual(rules[0].propertyDependencies.securityGroupId, [sg.urn]);
    assert.strictEqual(inputs(sg).ingress, undefined, "no inline rules");
    assert.strictEqual(inputs(sg).egress, undefined, "no egress: a store never calls out");
  });

  it("forces TLS 1.2+ and logs slow statements through its parameter group", async () => {
    const rs = await postgres({ slowStatementMs: 250 });
    const group = single(rs, "aws:rds/parameterGroup:ParameterGroup");
    assert.strictEqual(inputs(group).family, "postgres17");
    const params = Object.fromEntries(
      (inputs(group).parameters as Array<{ name: string; value: string }>).map((p) => [p.name, p.value]),
    );
    assert.strictEqual(params["rds.force_ssl"], "1");
    assert.strictEqual(params.ssl_min_protocol_version, "TLSv1.2");
    assert.strictEqual(params.log_min_duration_statement, "250");
    for (const db of instances(rs)) {
      assert.deepStrictEqual(db.propertyDependencies.parameterGroupName, [group.urn], db.name);
    }
  });

  it("protects prod: protect, deletion protection, a final snapshot, backups kept", async () => {
    const db = primary(await postgres());
    assert.strictEqual(db.protect, true);
    const i = inputs(db);
    assert.strictEqual(i.deletionProtection, true);
    assert.strictEqual(i.skipFinalSnapshot, false);
    assert.strictEqual(i.finalSnapshotIdentifier, "platform-prod-postgres-final");
    assert.strictEqual(i.backupRetentionPeriod, 35);
    assert.strictEqual(i.deleteAutomatedBackups, false);
    assert.strictEqual(i.copyTagsToSnapshot, true);
    const dev = primary(await postgres({ protect: false }));
    assert.strictEqual(dev.protect, false);
    assert.strictEqual(inputs(dev).deletionProtection, false);
    assert.strictEqual(inputs(dev).skipFinalSnapshot, false, "a final snapshot even in dev");
  });

  it("runs Multi-AZ unpinned, or single-AZ in the first AZ", async () => {
    assert.strictEqual(inputs(primary(await postgres())).availabilityZone, undefined);
    const single_ = inputs(primary(await postgres({ multiAz: false, readReplicas: 0 })));
    assert.strictEqual(single_.multiAz, false);
    assert.strictEqual(single_.availabilityZone, "eu-west-1a");
  });

  it("scales storage, upgrades minor versions in its window, exports logs to encrypted groups created first", async () => {
    const rs = await postgres();
    const db = primary(rs);
    const i = inputs(db);
    assert.deepStrictEqual(
      [i.allocatedStorage, i.maxAllocatedStorage, i.storageType, i.engineVersion],
      [100, 1000, "gp3", "17"],
    );
    assert.strictEqual(i.autoMinorVersionUpgrade, true);
    assert.strictEqual(i.maintenanceWindow, "sun:03:00-sun:04:00");
    assert.strictEqual(i.backupWindow, "01:00-02:00");
    assert.deepStrictEqual(i.enabledCloudwatchLogsExports, ["postgresql", "upgrade"]);
    assert.strictEqual(i.monitoringInterval, 60);
    const urns = byUrn(rs);
    const groups = db.dependencies
      .map((u) => urns.get(u)!)
      .filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(groups.map((g) => inputs(g).name).sort(), [
      "/aws/rds/instance/platform-prod-postgres/postgresql",
      "/aws/rds/instance/platform-prod-postgres/upgrade",
      "RDSOSMetrics",
    ]);
    for (const g of ofType(rs, "aws:cloudwatch/logGroup:LogGroup")) {
      assert.strictEqual(inputs(g).kmsKeyId, KEY, g.name);
      assert.strictEqual(inputs(g).retentionInDays, 365, g.name);
    }
    const role = single(rs, "aws:iam/role:Role");
    assert.deepStrictEqual(db.propertyDependencies.monitoringRoleArn, [role.urn]);
  });

  it("puts each read replica in another AZ, encrypted, private and protected", async () => {
    const rs = await postgres();
    const replicas = instances(rs).filter((r) => r.name !== "pg");
    assert.deepStrictEqual(
      replicas.map((r) => inputs(r).availabilityZone),
      ["eu-west-1b", "eu-west-1c"],
    );
    for (const r of replicas) {
      const i = inputs(r);
      assert.deepStrictEqual(r.propertyDependencies.replicateSourceDb, [primary(rs).urn]);
      assert.strictEqual(i.storageEncrypted, true);
      assert.strictEqual(i.kmsKeyId, KEY);
      assert.strictEqual(i.publiclyAccessible, false);
      assert.strictEqual(i.skipFinalSnapshot, true, "RDS takes no final snapshot of a replica");
      assert.strictEqual(i.manageMasterUserPassword, undefined);
      assert.strictEqual(r.protect, true);
    }
    assert.strictEqual(instances(await postgres({ readReplicas: 0 })).length, 1);
  });

  it("exposes what services need to connect", async () => {
    let pg: Postgres | undefined;
    await runComponent(() => {
      pg = new Postgres("pg", ARGS);
    });
    const [address, secretArn, resourceId, securityGroupId] = await valueOf(
      pulumi.all([pg!.address, pg!.masterSecretArn, pg!.resourceId, pg!.securityGroupId]),
    );
    assert.match(address, /\.eu-west-1\.example\.internal$/);
    assert.match(secretArn, /^arn:aws:secretsmanager:eu-west-1:/);
    assert.match(resourceId, /^db-/);
    assert.ok(securityGroupId);
    assert.strictEqual(pg!.port, 5432);
  });
});

describe("Postgres helpers", () => {
  it("place replicas in the AZs after the primary's and refuse more than the AZs allow", () => {
    assert.deepStrictEqual(replicaZones(["a", "b", "c"], 2), ["b", "c"]);
    assert.deepStrictEqual(replicaZones(["a", "b"], 0), []);
    assert.throws(() => replicaZones(["a", "b"], 2), /2 read replicas need 3 AZs; only 2 are available/);
  });

  it("build the rds-db:connect statement for IAM database authentication", async () => {
    const statement = postgresConnectStatement({
      region: "eu-west-1",
      accountId: "123456789012",
      resourceId: "db-ABC",
      dbUser: "orders",
    });
    assert.strictEqual(statement.Action, "rds-db:connect");
    const resource = await valueOf(statement.Resource);
    assert.strictEqual(resource, "arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABC/orders");
  });

  it("apply every parameter at the next reboot, so static parameters are accepted", () => {
    for (const p of postgresParameters(500)) {
      assert.strictEqual(p.applyMethod, "pending-reboot", p.name as string);
    }
  });
});
