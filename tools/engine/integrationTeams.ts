/**
 * The grants the platform hands an app team, built with the same builders the platform grants its own
 * services with, on the team's resources: its queues (`<team>-*`), the environment's tables and bus, its
 * buckets (`<team>-*`), X-Ray, ECS Exec, IAM authentication to Postgres as `<team>`, and the Kafka client
 * named like the team (its policy, as the plan creates it).
 */
import { taskRoleStatements } from "../../components/compute/servicePolicies";
import { TeamGrants } from "./integrationGrants";
import { PlanView } from "./planView";

type S = TeamGrants[string][number]["statements"];

const resourceIdOf = (v: unknown): string => (typeof v === "string" ? v : "db-EXAMPLE");

export function teamGrants(view: PlanView, teams: readonly string[]): TeamGrants {
  const key = view.ofType("aws:kms/key:Key").find((k) => view.input(k, "region") === undefined);
  const keyArn = key ? view.arn(key) : `arn:aws:kms:${view.region}:${view.account}:key/example`;
  const bus = view.ofType("aws:cloudwatch/eventBus:EventBus")[0];
  const tables = view.ofType("aws:dynamodb/table:Table").map((t) => view.arn(t));
  const cluster = view.ofType("aws:ecs/cluster:Cluster")[0];
  const execLog = cluster
    ? view
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .find((l) => l.parent === cluster.parent && /exec/.test(l.name))
    : undefined;
  const db = view
    .ofType("aws:rds/instance:Instance")
    .find((d) => view.input(d, "replicateSourceDb") === undefined);
  const out: TeamGrants = {};
  for (const team of teams) {
    const grants: TeamGrants[string] = [
      {
        name: `${team}'s service grant (queues, tables, bus, X-Ray, ECS Exec)`,
        statements: taskRoleStatements({
          region: view.region,
          queueArns: [`arn:aws:sqs:${view.region}:${view.account}:${team}-jobs`],
          kmsKeyArn: keyArn,
          execLogGroupArn: execLog ? view.arn(execLog) : undefined,
          tables: tables.map((arn) => ({ arn, access: "readWrite" as const })),
          eventBusArn: bus ? view.arn(bus) : undefined,
          tracing: true,
        }) as S,
      },
      {
        // fileStorageStatements' shape, on the team's own bucket.
        name: `${team}'s file grant (bucket ${team}-files)`,
        statements: [
          { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${team}-files` },
          {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: `arn:aws:s3:::${team}-files/*`,
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: keyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${view.region}.amazonaws.com` } },
          },
        ],
      },
    ];
    if (db) {
      grants.push({
        name: `${team}'s Postgres IAM authentication`,
        statements: [
          {
            Sid: "ConnectToPostgres",
            Effect: "Allow",
            Action: "rds-db:connect",
            Resource: `arn:aws:rds-db:${view.region}:${view.account}:dbuser:${resourceIdOf(view.state(db).resourceId)}/${team}`,
          },
        ],
      });
    }
    const kafka = view.ofType("aws:iam/policy:Policy").find((p) => p.name.endsWith(`kafka-client-${team}`));
    const document = kafka ? view.json(kafka, "policy") : undefined;
    if (kafka && document) {
      grants.push({ name: `Kafka client policy ${kafka.name}`, statements: document.Statement as S });
    }
    out[team] = grants;
  }
  return out;
}
