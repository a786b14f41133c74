/**
 * The event and serverless pieces of an environment: DynamoDB tables, the environment's event
 * bus, Lambda functions and the rules that route events to service queues and functions.
 * stacks/environment.ts calls {@link buildEventStores} (tables and bus) before the services, and
 * {@link buildEvents} (functions and rules) after them, since they use the services' queues and repositories.
 * stacks/edge.ts hands each service its part through {@link serviceEventAccess}: tables, bus and rules by
 * their fixed physical names (known in a preview), and the stores as resources its tasks start after.
 */
import * as pulumi from "@pulumi/pulumi";

import { Service, ServiceEventAccess } from "../components/compute/service";
import { DynamoTable, tableArn, tableNameVariable, tablePhysicalName } from "../components/data/dynamoTable";
import { resolveTable } from "../components/data/tableSpec";
import { bundledArchive } from "../components/events/bundled";
import { EVENT_BUS_VARIABLE, EventBus, eventBusArn, eventBusName } from "../components/events/eventBus";
import { EventRule, eventRuleArn, eventRuleName, EventRuleTarget } from "../components/events/eventRule";
import { functionComponentName } from "../components/events/eventsSchema";
import { FunctionSpec, resolveEventRules, resolveFunctions } from "../components/events/eventsSpec";
import { ImagePullAccess } from "../components/events/imagePullAccess";
import {
  functionArn,
  functionPhysicalName,
  LambdaCode,
  LambdaFunction,
} from "../components/events/lambdaFunction";
import { Network } from "../components/network/network";
import { RESERVED_ENV_PREFIX } from "../components/shared/naming";
import { StackConfig } from "./config";
import { EnvironmentContext } from "./context";
import { EventsOutputs } from "./outputs";

/** What the tables and the bus read of the stack config. */
export type EventStoresConfig = Pick<
  StackConfig,
  | "region"
  | "tables"
  | "dynamodbRecoveryPeriodDays"
  | "eventBus"
  | "eventArchiveRetentionDays"
  | "protectStatefulResources"
>;

/** The stateful event pieces, built before the services that use them. */
export interface EventStores {
  /** Tables by their config name. */
  tables: Record<string, DynamoTable>;
  /** The environment's bus, when `eventBus` is on. */
  bus?: EventBus;
}

/** What the functions and the rules read of the stack config. */
export type EventsConfig = Pick<
  StackConfig,
  | "env"
  | "region"
  | "functions"
  | "eventRules"
  | "logRetentionDays"
  | "protectStatefulResources"
  | "bootstrap"
>;

/** The environment's shared things (alarms: of functions and event queues), the network, stores and services. */
export interface EventsOptions extends EnvironmentContext {
  readonly network: Network;
  /** The tables and the bus (buildEventStores). */
  readonly stores: EventStores;
  /** The services by name (their queues are rule targets and function triggers, their repositories hold images). */
  readonly services: Record<string, Service>;
}

export interface EventsEnvironment extends EventStores {
  /** Functions by their config name (without those a bootstrap deploy holds back). */
  functions: Record<string, LambdaFunction>;
  /** Rules by their config name (without those a bootstrap deploy holds back). */
  rules: Record<string, EventRule>;
}

/**
 * The functions a bootstrap deploy holds back: those that run an image of a service's repository, which the
 * same deploy creates empty (Lambda refuses to create a function whose image does not exist, and takes
 * images from ECR in its own account and Region only, so no public placeholder can stand in).
 */
export function heldBackFunctions(
  config: Pick<StackConfig, "bootstrap">,
  specs: FunctionSpec[],
): Set<string> {
  return new Set(config.bootstrap ? specs.filter((s) => s.code.kind === "image").map((s) => s.name) : []);
}

/** What a service's event access reads of the stack config. */
export type ServiceEventConfig = Pick<StackConfig, "region" | "services" | "eventRules">;

/**
 * What a service gets from the events config: the tables and the bus it names (by ARN), the rules that
 * deliver to its queues, and the variables that name its tables and the bus, all built from names; and
 * those tables and that bus as resources, so that its tasks start only once they exist.
 */
export function serviceEventAccess(
  config: ServiceEventConfig,
  service: string,
  options: { baseName: string; accountId: pulumi.Input<string>; stores: EventStores },
): ServiceEventAccess {
  const { baseName, accountId, stores } = options;
  const declared = config.services.find((s) => s.name === service);
  const account = pulumi.output(accountId);
  const busName = eventBusName(baseName);
  const tables = (declared?.tables ?? []).map((t) => ({
    arn: account.apply((a) => tableArn(config.region, a, tablePhysicalName(baseName, t.name))),
    access: t.access,
  }));
  const queueEventRules: Record<string, pulumi.Input<string>[]> = {};
  for (const rule of resolveEventRules(config.eventRules)) {
    for (const target of rule.targets) {
      if (target.kind === "queue" && target.service === service) {
        const arn = account.apply((a) =>
          eventRuleArn(config.region, a, busName, eventRuleName(baseName, rule.name)),
        );
        queueEventRules[target.queue] = [...(queueEventRules[target.queue] ?? []), arn];
      }
    }
  }
  const put = declared?.eventBus === "put";
  return {
    tables,
    stores: [
      ...(declared?.tables ?? []).map((t) => stores.tables[t.name].table),
      ...(put && stores.bus ? [stores.bus.bus] : []),
    ],
    eventBusArn: put ? account.apply((a) => eventBusArn(config.region, a, busName)) : undefined,
    queueEventRules,
    environment: {
      ...Object.fromEntries(
        (declared?.tables ?? []).map((t) => [tableNameVariable(t.name), tablePhysicalName(baseName, t.name)]),
      ),
      ...(put ? { [EVENT_BUS_VARIABLE]: busName } : {}),
    },
  };
}

function functionCode(spec: FunctionSpec, services: Record<string, Service>): LambdaCode {
  const code = spec.code;
  switch (code.kind) {
    case "bundled":
      return {
        kind: "archive",
        archive: bundledArchive(code.bundle),
        runtime: spec.runtime!,
        handler: spec.handler!,
      };
    case "s3":
      return {
        kind: "s3",
        bucket: code.bucket,
        key: code.key,
        version: code.version,
        runtime: spec.runtime!,
        handler: spec.handler!,
      };
    case "image":
      return {
        kind: "image",
        imageUri: pulumi.interpolate`${services[code.service].repositoryUrl}${code.reference}`,
      };
  }
}

/** The tables and the bus: stores that the services and functions are granted. */
export function buildEventStores(config: EventStoresConfig, options: EnvironmentContext): EventStores {
  const { baseName, inAccount: opts } = options;
  const protect = config.protectStatefulResources;

  const tables: Record<string, DynamoTable> = {};
  for (const t of config.tables) {
    tables[t.name] = new DynamoTable(
      `table-${t.name}`,
      {
        spec: resolveTable(t),
        tableName: tablePhysicalName(baseName, t.name),
        kmsKeyArn: options.kmsKeyArn,
        recoveryPeriodDays: config.dynamodbRecoveryPeriodDays,
        protect,
      },
      opts,
    );
  }

  const bus = config.eventBus
    ? new EventBus(
        "events",
        {
          busName: eventBusName(baseName),
          accountId: options.accountId,
          region: config.region,
          kmsKeyArn: options.kmsKeyArn,
          archiveRetentionDays: config.eventArchiveRetentionDays,
          protect,
          ...options.alarms,
        },
        opts,
      )
    : undefined;

  return { tables, bus };
}

/** The functions and the rules that route events to them and to the services' queues. */
export function buildEvents(config: EventsConfig, options: EventsOptions): EventsEnvironment {
  const { baseName, network, services, inAccount: opts } = options;
  const protect = config.protectStatefulResources;
  const { tables, bus } = options.stores;

  // Functions that run an image of a service's repository: Lambda pulls through the repository's policy.
  const specs = resolveFunctions(config.functions);
  const account = pulumi.output(options.accountId);
  const pullAccess: Record<string, ImagePullAccess> = {};
  for (const service of [
    ...new Set(specs.flatMap((s) => (s.code.kind === "image" ? [s.code.service] : []))),
  ]) {
    const users = specs.filter((s) => s.code.kind === "image" && s.code.service === service);
    pullAccess[service] = new ImagePullAccess(
      `${service}-lambda-pull`,
      {
        repositoryName: services[service].repository.name,
        functionArns: users.map((s) =>
          account.apply((a) => functionArn(config.region, a, functionPhysicalName(baseName, s.name))),
        ),
      },
      opts,
    );
  }

  const heldBack = heldBackFunctions(config, specs);
  const functions: Record<string, LambdaFunction> = {};
  for (const spec of specs.filter((s) => !heldBack.has(s.name))) {
    const functionName = functionPhysicalName(baseName, spec.name);
    const trigger = spec.queue;
    functions[spec.name] = new LambdaFunction(
      functionComponentName(spec.name),
      {
        functionName,
        description: spec.description,
        code: functionCode(spec, services),
        architecture: spec.architecture,
        memory: spec.memory,
        timeout: spec.timeout,
        reservedConcurrency: spec.reservedConcurrency,
        environment: {
          ...spec.environment,
          [`${RESERVED_ENV_PREFIX}ENVIRONMENT`]: config.env,
          [`${RESERVED_ENV_PREFIX}FUNCTION`]: spec.name,
          ...Object.fromEntries(
            spec.tables.map((t) => [tableNameVariable(t.name), tables[t.name].tableName]),
          ),
          ...(spec.eventBus && bus ? { [EVENT_BUS_VARIABLE]: bus.name } : {}),
        },
        accountId: options.accountId,
        region: config.region,
        subnetIds: network.privateSubnetIds,
        securityGroupIds: [network.servicesSecurityGroup.id],
        kmsKeyArn: options.kmsKeyArn,
        logRetentionDays: config.logRetentionDays,
        tables: spec.tables.map((t) => ({ arn: tables[t.name].arn, access: t.access })),
        eventBusArn: spec.eventBus ? bus?.arn : undefined,
        queueTrigger:
          trigger === undefined
            ? undefined
            : {
                queueArn: services[trigger.service].queues[trigger.queue].arn,
                batchSize: trigger.batchSize,
                maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
                reportBatchItemFailures: trigger.reportBatchItemFailures,
              },
        schedules: spec.schedules,
        codeDependsOn: spec.code.kind === "image" ? [pullAccess[spec.code.service]] : [],
        protect,
        ...options.alarms,
      },
      opts,
    );
  }

  const rules: Record<string, EventRule> = {};
  for (const rule of resolveEventRules(config.eventRules)) {
    const targets: Record<string, EventRuleTarget> = {};
    for (const target of rule.targets) {
      if (target.kind === "function" && heldBack.has(target.name)) {
        continue; // created with its function by the next deploy
      }
      if (target.kind === "queue") {
        targets[`queue-${target.service}-${target.queue}`] = {
          kind: "queue",
          arn: services[target.service].queues[target.queue].arn,
        };
      } else {
        const fn = functions[target.name];
        targets[`function-${target.name}`] = { kind: "function", arn: fn.arn, functionName: fn.functionName };
      }
    }
    if (Object.keys(targets).length === 0) {
      continue; // every target is held back: the rule comes with them
    }
    rules[rule.name] = new EventRule(
      `rule-${rule.name}`,
      {
        ruleName: eventRuleName(baseName, rule.name),
        eventBusName: bus!.name,
        description: rule.description,
        pattern: rule.pattern,
        targets,
        retryAttempts: rule.retryAttempts,
        maxEventAgeSeconds: rule.maxEventAgeSeconds,
        kmsKeyArn: options.kmsKeyArn,
        protect,
        ...options.alarms,
      },
      opts,
    );
  }

  return { tables, bus, functions, rules };
}

/** The events part of the stack outputs: what app teams need to use tables, the bus and functions. */
export function eventsOutputs(events: EventsEnvironment): pulumi.Output<EventsOutputs> {
  return pulumi.output({
    tables: Object.fromEntries(
      Object.entries(events.tables).map(([name, t]) => [name, { tableName: t.tableName, arn: t.arn }]),
    ),
    eventBus: events.bus === undefined ? null : { name: events.bus.name, arn: events.bus.arn },
    functions: Object.fromEntries(
      Object.entries(events.functions).map(([name, f]) => [
        name,
        {
          functionName: f.functionName,
          arn: f.arn,
          roleArn: f.role.arn,
          logGroupName: f.logGroup.name,
          failureQueueUrl: f.failureQueue.url,
        },
      ]),
    ),
  });
}
