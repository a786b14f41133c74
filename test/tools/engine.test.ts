import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";

import { runProgram } from "../../tools/engine/mockEngine";
import { resolveStackConfig, SECRET_PLACEHOLDER } from "../../tools/engine/stackFiles";
import { COMPUTED, display, SECRET, structOf } from "../../tools/engine/wire";

describe("mock engine", () => {
  const files = resolveStackConfig(
    {
      name: "demo",
      config: { greeting: { type: "string", default: "hello" }, "aws:region": { value: "eu-west-1" } },
    },
    { config: { "demo:token": { secure: "v1:c2VjcmV0:c2VjcmV0" }, "demo:size": 3 } },
    "test",
  );

  it("reads project defaults and stack values the way the Pulumi CLI passes them", () => {
    assert.deepStrictEqual(files.config, {
      "demo:greeting": "hello",
      "aws:region": "eu-west-1",
      "demo:token": SECRET_PLACEHOLDER,
      "demo:size": "3",
    });
    assert.deepStrictEqual(files.secretKeys, ["demo:token"]);
  });

  it("keeps secure: values secret and ids unknown in a preview, and records the graph", async () => {
    const result = await runProgram(
      () => {
        const cfg = new pulumi.Config("demo");
        const provider = new aws.Provider("p", { region: "eu-west-1" });
        const topic = new aws.sns.Topic(
          "t",
          { displayName: cfg.requireSecret("token") },
          { provider, protect: true },
        );
        new aws.sns.TopicSubscription(
          "s",
          { topic: topic.arn, protocol: "email", endpoint: cfg.require("greeting") },
          { provider },
        );
        return { topicArn: topic.arn };
      },
      {
        project: files.project,
        stack: "test",
        config: files.config,
        secretKeys: files.secretKeys,
        preview: true,
      },
    );
    assert.strictEqual(result.error, undefined);
    const topic = result.resources.find((r) => r.name === "t")!;
    assert.strictEqual((display(topic.inputs) as Record<string, unknown>).displayName, SECRET);
    assert.strictEqual(topic.protect, true);
    assert.match(topic.provider!, /pulumi:providers:aws::p$/);
    const sub = result.resources.find((r) => r.name === "s")!;
    assert.strictEqual((display(sub.inputs) as Record<string, unknown>).topic, COMPUTED);
    assert.deepStrictEqual(sub.propertyDependencies.topic, [topic.urn]);
    assert.ok(sub.dependencies.includes(topic.urn));
    assert.strictEqual((display(result.outputs) as Record<string, unknown>).topicArn, COMPUTED);
  });

  it("answers a registration as the provider would: inputs and auto-name back, computed outputs when not previewing", async () => {
    const program = (): Record<string, pulumi.Output<unknown>> => {
      const cfg = new pulumi.Config("demo");
      const provider = new aws.Provider("p", { region: "eu-west-1" });
      const topic = new aws.sns.Topic("t", { displayName: cfg.requireSecret("token") }, { provider });
      const sub = new aws.sns.TopicSubscription(
        "s",
        { topic: topic.arn, protocol: "email", endpoint: "ops@example.com" },
        { provider },
      );
      return { name: topic.name, displayName: topic.displayName, arn: topic.arn, subTopic: sub.topic };
    };
    const run = (preview: boolean) =>
      runProgram(program, {
        project: files.project,
        stack: "test",
        config: files.config,
        secretKeys: files.secretKeys,
        preview,
        accountId: "123456789012",
      });
    const preview = await run(true);
    assert.strictEqual(preview.error, undefined);
    const shown = display(preview.outputs) as Record<string, unknown>;
    assert.match(String(shown.name), /^t-[0-9a-f]{7}$/, "the auto-name is known in a preview");
    assert.strictEqual(shown.displayName, SECRET, "a secret input comes back secret");
    assert.strictEqual(shown.arn, COMPUTED);
    assert.strictEqual(shown.subTopic, COMPUTED, "an input computed from an unknown stays unknown");

    const up = await run(false);
    assert.strictEqual(up.error, undefined);
    const done = display(up.outputs) as Record<string, unknown>;
    assert.strictEqual(done.name, shown.name, "the same auto-name as in the preview");
    assert.match(String(done.arn), /^arn:aws:sns:eu-west-1:123456789012:/);
    assert.strictEqual(done.subTopic, done.arn);
  });

  it("records the same graph without source positions, and leaves the SDK as it was", async () => {
    const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resource.callsites;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };
    const store = require("@pulumi/pulumi/runtime/state") as {
      getStore(): { leakCandidates: Set<Promise<unknown>> };
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const labelled = debuggable.debuggablePromise;
    const seen: number[] = [];
    const labels: boolean[] = [];
    const pending: number[] = [];
    const program = (): Record<string, pulumi.Output<unknown>> => {
      seen.push(resource.callsites().length);
      const provider = new aws.Provider("p", { region: "eu-west-1" });
      const topic = new aws.sns.Topic("t", {}, { provider });
      // The promises of the properties the engine has not answered yet: leak candidates, labelled or not.
      const candidates = [...store.getStore().leakCandidates];
      labels.push(candidates.some((p) => Object.getOwnPropertyNames(p).includes("_debugCtx")));
      pending.push(candidates.length);
      return { arn: topic.arn };
    };
    const options = { project: "demo", stack: "test", config: {}, preview: true };
    const withPositions = await runProgram(program, options);
    const without = await runProgram(program, { ...options, sourcePositions: false });
    assert.strictEqual(without.error, undefined);
    assert.ok(seen[0] > 0, "the SDK captures call stacks by default");
    assert.strictEqual(seen[1], 0, "and none in a run without source positions");
    assert.deepStrictEqual(without.resources, withPositions.resources);
    assert.strictEqual(resource.callsites, callsites);
    assert.deepStrictEqual(labels, [true, false], "promises are labelled by default, not without positions");
    assert.ok(pending[1] > 0 && pending[1] === pending[0], "the same leak candidates either way");
    assert.strictEqual(debuggable.debuggablePromise, labelled);
  });

  it("gives runs one after another without isolation a store of their own, as isolated runs have", async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const store = require("@pulumi/pulumi/runtime/state") as {
      getStore(): { config: Record<string, string>; logErrorCount: number };
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const seen: { config: string; errors: number }[] = [];
    const program = (stack: string) => (): Record<string, pulumi.Output<unknown>> => {
      const s = store.getStore();
      seen.push({ config: JSON.stringify(s.config), errors: s.logErrorCount });
      if (stack === "one") {
        // An error logged by the program counts in its store (and spares its run the leak report).
        void pulumi.log.error("the first run's error");
      }
      const provider = new aws.Provider("p", { region: "eu-west-1" });
      // A resource reference in an output: deserializing it needs the providers' registered resource modules.
      const topic = new aws.sns.Topic("t", {}, { provider });
      return { arn: topic.arn, topic: pulumi.output(topic) };
    };
    const run = (stack: string, isolate: boolean): ReturnType<typeof runProgram> =>
      runProgram(program(stack), {
        project: "demo",
        stack,
        config: { [`demo:${stack}`]: "1" },
        preview: false,
        isolate,
      });
    const isolated = [await run("one", true), await run("two", true)];
    const sequential = [await run("one", false), await run("two", false)];
    for (const r of [...isolated, ...sequential]) {
      assert.strictEqual(r.error, undefined);
    }
    assert.deepStrictEqual(sequential[1].resources, isolated[1].resources);
    assert.deepStrictEqual(sequential[1].outputs, isolated[1].outputs);
    assert.ok(sequential[1].resources.every((r) => r.urn.startsWith("urn:pulumi:two::")));
    assert.deepStrictEqual(
      seen.slice(2),
      seen.slice(0, 2),
      "each run starts from a store like an isolated one",
    );
    assert.strictEqual(seen[3].errors, 0, "the first run's logged error is not the second's");
  });

  it("fills in the auto-name when not previewing, even of an input whose value is unknown", async () => {
    const result = await runProgram(
      () => {
        const provider = new aws.Provider("p", { region: "eu-west-1" });
        const topic = new aws.sns.Topic(
          "t",
          { name: pulumi.output(pulumi.unknown) as pulumi.Output<string> },
          { provider },
        );
        return { name: topic.name };
      },
      { project: "demo", stack: "test", config: {}, preview: false },
    );
    assert.strictEqual(result.error, undefined);
    assert.match(String((display(result.outputs) as Record<string, unknown>).name), /^t-[0-9a-f]{7}$/);
  });

  it("fails a run on an invoke it has no result for", async () => {
    const result = await runProgram(
      async () => {
        const provider = new aws.Provider("p", { region: "eu-west-1" });
        const ami = await aws.ec2.getAmi({ owners: ["amazon"], mostRecent: true }, { provider });
        return { ami: ami.id };
      },
      { project: "demo", stack: "test", config: {}, preview: true },
    );
    assert.match(result.error?.message ?? "", /no result for invoke aws:ec2\/getAmi:getAmi/);
  });

  it("reports duplicate URNs as the engine would", async () => {
    const result = await runProgram(
      () => {
        const provider = new aws.Provider("p", { region: "eu-west-1" });
        new aws.sns.Topic("same", {}, { provider });
        new aws.sns.Topic("same", {}, { provider });
        return {};
      },
      { project: "demo", stack: "test", config: {}, preview: true },
    );
    assert.strictEqual(result.engineErrors.length, 1);
    assert.match(result.engineErrors[0], /duplicate resource URN .*::same/);
  });
});

describe("structOf", () => {
  it("decodes to the value itself and refuses every other way of reading it", () => {
    const value = { a: [1, "two", { b: null }] };
    const message = structOf(value);
    assert.strictEqual(message.toJavaScript(), value);
    assert.throws(() => message.getFieldsMap(), /only be read with toJavaScript/);
    assert.throws(() => message.serializeBinary(), /only be read with toJavaScript/);
    assert.deepStrictEqual(structOf({}).toArray(), [], "each message has its own (empty) fields");
  });
});
