import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { bundledArchive, bundledSources } from "../../../components/events/bundled";
import { BundledFunction } from "../../../components/events/eventsSchema";
import { ImagePullAccess } from "../../../components/events/imagePullAccess";
import { LambdaFunction, LambdaFunctionArgs } from "../../../components/events/lambdaFunction";
import { RecordedResource } from "../../../tools/engine/mockEngine";
import { physical, PolicyStatement, statements } from "../../helpers/edge";
import { inputs, jsonInput, ofType, runComponent, single } from "../../helpers/graph";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/env`;
const PRIVATE = ["subnet-private-a", "subnet-private-b"];
const TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-dev-event-log`;
const OTHER_TABLE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/platform-dev-carts`;
const BUS = `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/platform-dev`;
const QUEUE = `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders-exports`;

function args(extra: Partial<LambdaFunctionArgs> = {}): LambdaFunctionArgs {
  return {
    functionName: "platform-dev-event-recorder",
    code: {
      kind: "archive",
      archive: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler=1"),
      }),
      runtime: "nodejs22.x",
      handler: "index.handler",
    },
    architecture: "arm64",
    memory: 256,
    timeout: 30,
    environment: { RECORD_TO_TABLE: "event-log" },
    accountId: ACCOUNT,
    region: "eu-west-1",
    subnetIds: PRIVATE,
    securityGroupIds: ["sg-services"],
    kmsKeyArn: KEY,
    logRetentionDays: 14,
    ...extra,
  };
}

async function fn(extra: Partial<LambdaFunctionArgs> = {}): Promise<RecordedResource[]> {
  const { resources } = await runComponent(() => new LambdaFunction("fn-recorder", args(extra)));
  return resources;
}

function functionOf(resources: RecordedResource[]): RecordedResource {
  return single(resources, "aws:lambda/function:Function");
}

function policyOf(resources: RecordedResource[], name: string): PolicyStatement[] {
  return statements(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === name)!);
}

describe("LambdaFunction", () => {
  it("runs in the given private subnets as a member of the services group", async () => {
    const f = inputs(functionOf(await fn()));
    assert.deepStrictEqual(f.vpcConfig, { subnetIds: PRIVATE, securityGroupIds: ["sg-services"] });
    assert.deepStrictEqual(
      [f.name, f.runtime, f.handler, f.architectures, f.memorySize, f.timeout, f.packageType],
      ["platform-dev-event-recorder", "nodejs22.x", "index.handler", ["arm64"], 256, 30, "Zip"],
    );
    assert.strictEqual(f.reservedConcurrentExecutions, undefined, "no reservation unless asked");
  });

  it("encrypts its environment with the environment key and logs JSON to its own encrypted log group", async () => {
    const resources = await fn();
    const f = functionOf(resources);
    assert.strictEqual(inputs(f).kmsKeyArn, KEY);
    assert.deepStrictEqual(inputs(f).environment, { variables: { RECORD_TO_TABLE: "event-log" } });
    const logs = single(resources, "aws:cloudwatch/logGroup:LogGroup");
    assert.deepStrictEqual(
      [inputs(logs).name, inputs(logs).kmsKeyId, inputs(logs).retentionInDays],
      ["/aws/lambda/platform-dev-event-recorder", KEY, 14],
    );
    assert.deepStrictEqual(f.propertyDependencies.loggingConfig, [logs.urn], "logs go to that group");
    assert.strictEqual((inputs(f).loggingConfig as { logFormat: string }).logFormat, "JSON");
  });

  it("gives the execution role its logs, the VPC attachment and its failure queue, and nothing else by default", async () => {
    const resources = await fn();
    const policy = policyOf(resources, "fn-recorder-policy");
    assert.deepStrictEqual(
      policy.map((s) => s.Sid),
      ["WriteOwnLogs", "AttachToVpc", "SendFailures", "QueueEncryption"],
    );
    assert.strictEqual(
      policy[0].Resource,
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/platform-dev-event-recorder:log-stream:*`,
    );
    assert.deepStrictEqual(policy[3].Condition, {
      StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" },
    });
    const trust = jsonInput<{ Statement: PolicyStatement[] }>(
      single(resources, "aws:iam/role:Role"),
      "assumeRolePolicy",
    ).Statement;
    assert.deepStrictEqual(trust, [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    const f = functionOf(resources);
    const rolePolicy = resources.find((r) => r.name === "fn-recorder-policy")!;
    assert.ok(
      f.dependencies.includes(rolePolicy.urn),
      "a VPC function is created once its role may attach it",
    );
  });

  it("sends failed asynchronous invocations to its encrypted failure queue", async () => {
    const resources = await fn({ protect: true });
    const config = single(resources, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
    const failures = ofType(resources, "aws:sqs/queue:Queue").find((q) => q.name === "fn-recorder-failures")!;
    assert.deepStrictEqual(config.propertyDependencies.destinationConfig, [failures.urn]);
    assert.deepStrictEqual(
      [inputs(config).maximumRetryAttempts, inputs(config).maximumEventAgeInSeconds],
      [2, 21600],
    );
    assert.deepStrictEqual(
      [inputs(failures).kmsMasterKeyId, inputs(failures).messageRetentionSeconds, failures.protect],
      [KEY, 1209600, true],
    );
  });

  it("grants exactly the tables and the bus it is given", async () => {
    const resources = await fn({
      tables: [
        { arn: TABLE, access: "readWrite" },
        { arn: OTHER_TABLE, access: "read" },
      ],
      eventBusArn: BUS,
    });
    const policy = policyOf(resources, "fn-recorder-policy");
    const bySid: Record<string, unknown> = Object.fromEntries(policy.map((s) => [s.Sid ?? "", s.Resource]));
    assert.deepStrictEqual(bySid.ReadWriteTables, [TABLE, `${TABLE}/index/*`]);
    assert.deepStrictEqual(bySid.ReadTables, [OTHER_TABLE, `${OTHER_TABLE}/index/*`]);
    assert.strictEqual(bySid.PutEventsOnBus, BUS);
    const dynamo = policy.filter((s) => [s.Action].flat().some((a) => a.startsWith("dynamodb:")));
    assert.deepStrictEqual(
      dynamo.flatMap((s) => [s.Resource].flat()),
      [OTHER_TABLE, `${OTHER_TABLE}/index/*`, TABLE, `${TABLE}/index/*`],
      "no other table",
    );
  });

  it("consumes its trigger queue through an event source mapping it may read from", async () => {
    const resources = await fn({
      queueTrigger: {
        queueArn: QUEUE,
        batchSize: 5,
        maxBatchingWindowSeconds: 2,
        reportBatchItemFailures: true,
      },
    });
    const mapping = single(resources, "aws:lambda/eventSourceMapping:EventSourceMapping");
    assert.deepStrictEqual(
      [
        inputs(mapping).eventSourceArn,
        inputs(mapping).batchSize,
        inputs(mapping).maximumBatchingWindowInSeconds,
        inputs(mapping).functionResponseTypes,
      ],
      [QUEUE, 5, 2, ["ReportBatchItemFailures"]],
    );
    assert.deepStrictEqual(mapping.propertyDependencies.functionName, [functionOf(resources).urn]);
    const policy = policyOf(resources, "fn-recorder-policy");
    const consume = policy.find((s) => s.Sid === "ConsumeTriggerQueue")!;
    assert.strictEqual(consume.Resource, QUEUE);
    assert.deepStrictEqual(consume.Action, [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]);
    const rolePolicy = resources.find((r) => r.name === "fn-recorder-policy")!;
    assert.ok(mapping.dependencies.includes(rolePolicy.urn), "the mapping waits for the role's permission");
  });

  it("runs schedules through a role that may only invoke it, dead-lettering to its failure queue", async () => {
    const resources = await fn({
      schedules: [{ name: "heartbeat", expression: "rate(15 minutes)", timezone: "UTC" }],
    });
    const schedule = single(resources, "aws:scheduler/schedule:Schedule");
    const target = inputs(schedule).target as Record<string, unknown>;
    const fnArn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:platform-dev-event-recorder`;
    assert.strictEqual(target.arn, fnArn);
    assert.deepStrictEqual(target.retryPolicy, { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 });
    const failures = ofType(resources, "aws:sqs/queue:Queue").find((q) => q.name === "fn-recorder-failures")!;
    assert.ok(
      schedule.propertyDependencies.target.includes(failures.urn),
      "dead-letters to the failure queue",
    );
    const input = JSON.parse(target.input as string) as Record<string, unknown>;
    assert.deepStrictEqual(
      [input.source, input["detail-type"], input.id, input.account, input.detail],
      [
        "platform.scheduler",
        "Scheduled Event",
        "<aws.scheduler.execution-id>",
        ACCOUNT,
        { schedule: "heartbeat" },
      ],
    );
    const scheduler = policyOf(resources, "fn-recorder-scheduler-policy");
    assert.deepStrictEqual(
      scheduler.map((s) => [s.Sid, s.Action, s.Resource]),
      [
        ["InvokeFunction", "lambda:InvokeFunction", fnArn],
        ["DeadLetter", "sqs:SendMessage", `arn:aws:sqs:eu-west-1:${ACCOUNT}:${physical(failures)}`],
        ["EncryptDeadLetters", ["kms:Decrypt", "kms:GenerateDataKey"], KEY],
      ],
    );
  });

  it("takes an S3 object, or an image with its reservation, instead of an archive", async () => {
    const s3 = inputs(
      functionOf(
        await fn({
          code: {
            kind: "s3",
            bucket: "acme-code",
            key: "f.zip",
            version: "v1",
            runtime: "python3.13",
            handler: "app.handler",
          },
        }),
      ),
    );
    assert.deepStrictEqual(
      [s3.s3Bucket, s3.s3Key, s3.s3ObjectVersion, s3.runtime, s3.handler, s3.code],
      ["acme-code", "f.zip", "v1", "python3.13", "app.handler", undefined],
    );
    const image = inputs(
      functionOf(
        await fn({
          code: {
            kind: "image",
            imageUri: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:export-1`,
          },
          architecture: "x86_64",
          reservedConcurrency: 10,
        }),
      ),
    );
    assert.deepStrictEqual(
      [
        image.packageType,
        image.imageUri,
        image.runtime,
        image.handler,
        image.architectures,
        image.reservedConcurrentExecutions,
      ],
      [
        "Image",
        `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/platform-dev/orders:export-1`,
        undefined,
        undefined,
        ["x86_64"],
        10,
      ],
    );
  });
});

describe("ImagePullAccess", () => {
  it("lets Lambda pull a repository's images for the named functions only", async () => {
    const fnArn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:platform-dev-order-export`;
    const { resources } = await runComponent(
      () =>
        new ImagePullAccess("orders-lambda-pull", {
          repositoryName: "platform-dev/orders",
          functionArns: [fnArn],
        }),
    );
    const policy = single(resources, "aws:ecr/repositoryPolicy:RepositoryPolicy");
    assert.strictEqual(inputs(policy).repository, "platform-dev/orders");
    assert.deepStrictEqual(statements(policy), [
      {
        Sid: "LambdaPullForFunctions",
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Condition: { StringLike: { "aws:sourceArn": [fnArn] } },
      },
    ]);
  });
});

describe("bundled functions", () => {
  it("packages the event recorder's sources as CommonJS, without its tests", async () => {
    const sources = bundledSources("event-recorder");
    assert.deepStrictEqual(Object.keys(sources), ["index.js", "recorder.js"]);
    assert.match(sources["index.js"], /exports\.handler = handler/);
    assert.match(sources["index.js"], /require\("\.\/recorder"\)/);
    assert.ok(!sources["recorder.js"].includes(": EventStore"), "types are stripped");
    const archive = bundledArchive("event-recorder");
    assert.deepStrictEqual(Object.keys(await archive.assets).sort(), ["index.js", "recorder.js"]);
  });

  it("reuses a transpiled file only for the very source that produced it", () => {
    const functions = fs.mkdtempSync(path.join(os.tmpdir(), "bundled-"));
    const cache = path.join(functions, ".cache");
    try {
      const root = path.join(functions, "demo");
      fs.mkdirSync(root);
      fs.writeFileSync(
        path.join(root, "index.ts"),
        "export const handler = async (): Promise<number> => 1;\n",
      );
      const first = bundledSources("demo" as BundledFunction, functions, cache);
      assert.match(first["index.js"], /exports\.handler = handler/);
      assert.deepStrictEqual(first, bundledSources("demo" as BundledFunction, functions, undefined));
      const [entry] = fs.readdirSync(cache);
      assert.match(entry, /^[0-9a-f]{64}\.js$/);
      // A hit is served from the cache: mark the entry and read it back.
      fs.appendFileSync(path.join(cache, entry), "// from the cache\n");
      assert.match(bundledSources("demo" as BundledFunction, functions, cache)["index.js"], /from the cache/);
      // A changed source is a miss: it is transpiled, and gets an entry of its own.
      fs.writeFileSync(
        path.join(root, "index.ts"),
        "export const handler = async (): Promise<number> => 2;\n",
      );
      const changed = bundledSources("demo" as BundledFunction, functions, cache)["index.js"];
      assert.match(changed, /=> 2;/);
      assert.doesNotMatch(changed, /from the cache/);
      assert.strictEqual(fs.readdirSync(cache).length, 2);
      // A cache that cannot be written is no cache, not a failure.
      const blocked = path.join(functions, "blocked");
      fs.writeFileSync(blocked, "a file, not a directory");
      assert.match(bundledSources("demo" as BundledFunction, functions, blocked)["index.js"], /=> 2;/);
    } finally {
      fs.rmSync(functions, { recursive: true, force: true });
    }
  });

  it("loads in Node and refuses to run without its table", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "event-recorder-"));
    try {
      for (const [file, js] of Object.entries(bundledSources("event-recorder"))) {
        fs.writeFileSync(path.join(dir, file), js);
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(path.join(dir, "index.js")) as { handler(event: unknown): Promise<unknown> };
      const saved = process.env.RECORD_TO_TABLE;
      delete process.env.RECORD_TO_TABLE;
      try {
        await assert.rejects(loaded.handler({}), /RECORD_TO_TABLE is not set/);
      } finally {
        if (saved !== undefined) {
          process.env.RECORD_TO_TABLE = saved;
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
