/**
 * A recording mock engine: runs a real Pulumi program with `pulumi.runtime.setMocks`, no cloud and no
 * CLI, and records every resource registration as the engine would receive it: type, name, parent,
 * provider, dependencies, property dependencies, protect and the other options, and the inputs in wire
 * form (unknowns and secrets preserved). This graph is what the offline plan prints, the policy pack
 * evaluates and the tests assert on.
 *
 * Each run gets a fresh Pulumi runtime store (the mechanism the Automation API uses for inline
 * programs), so several stacks can be run one after another in one process.
 */
import * as pulumi from "@pulumi/pulumi";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

import { CATALOG, shortHash } from "../catalog";
import { containsUnknown, display, structOf, WireValue } from "./wire";

// Internal to @pulumi/pulumi, but stable: the Automation API runs inline programs through the runtime
// store, and the mock monitor answers with the engine's own response message.
/* eslint-disable @typescript-eslint/no-require-imports */
const runtimeState = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
};
const resproto = require("@pulumi/pulumi/proto/resource_pb") as {
  RegisterResourceResponse: new () => {
    setUrn(urn: string): void;
    setId(id: string): void;
    setObject(state: structproto.Struct): void;
  };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A provider's state in wire form: plain JSON, without undefined properties (as the SDK encodes them). */
function wireState(value: unknown): Record<string, WireValue> {
  return JSON.parse(JSON.stringify(value ?? {})) as Record<string, WireValue>;
}

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** Custom resources are managed by a provider; the others are components (and the stack). */
  custom: boolean;
  parent?: string;
  /** URN of the explicit provider, if any. */
  provider?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  /** Inputs in wire form: unknown sentinels and secret envelopes included. */
  inputs: Record<string, WireValue>;
}

export interface InvokeRecord {
  token: string;
  args: Record<string, unknown>;
}

export interface RunResult {
  resources: RecordedResource[];
  /** Stack outputs in wire form (unknowns and secrets preserved), when the program succeeded. */
  outputs: Record<string, WireValue>;
  invokes: InvokeRecord[];
  /** The error the program failed with, if it failed. */
  error?: Error;
  /** Problems the engine itself would reject (duplicate URNs). */
  engineErrors: string[];
  /**
   * What the engine answered each registration with, by URN: the inputs and the computed outputs (ARNs,
   * ids) the integration model reads, in a run as `pulumi up`. Empty in a preview, whose answers hold no
   * value the plan reads. Not part of the JSON plan.
   */
  states: Map<string, Record<string, unknown>>;
}

export interface RunOptions {
  project: string;
  stack: string;
  /** Fully qualified config keys to string values, as Pulumi passes them. */
  config: Record<string, string>;
  secretKeys?: string[];
  /** Run as `pulumi preview` (ids and computed outputs unknown) or as `pulumi up` (all known). */
  preview: boolean;
  /** Mocked results of provider functions; an invoke without one fails the run. */
  invokes?: Record<string, (args: Record<string, unknown>) => Record<string, unknown>>;
  /** Account id that synthesized ARNs use when not previewing. */
  accountId?: string;
  /**
   * Run in a fresh Pulumi runtime store in AsyncLocalStorage (default), so that several programs can run
   * at once in one thread. Runs one after another (the plan CLI's) do not need it: `setMocks` resets the
   * run's state in the store at the start of each (the SDK's `resetOptions`: settings, stack, leak
   * candidates, logged errors, pending registrations, feature support), and `setAllConfig` replaces its
   * config. AsyncLocalStorage's async context tracking costs a fifth of a run on Node 22, where it puts a
   * hook on every promise.
   */
  isolate?: boolean;
  /**
   * Let the SDK capture the call stack of every resource (default), which it sends the engine as the
   * resource's source position, and label every promise it makes for its leak report. The recording keeps
   * neither: a run that only wants the graph (the plan CLI) turns them off and saves a twentieth of the run
   * and a quarter of its memory (see {@link withoutSourcePositions}).
   */
  sourcePositions?: boolean;
  /**
   * Outputs of the stacks a program references (`pulumi.StackReference`), by fully qualified name, or a
   * function that answers for a name (the app plan answers every reference with one recorded file).
   */
  stackReferences?:
    Record<string, Record<string, unknown>> | ((name: string) => Record<string, unknown> | undefined);
}

/** The provider-assigned physical name of a resource, deterministic per URN. */
export function autoName(name: string, urn: string): string {
  return `${name}-${shortHash(urn)}`;
}

function providerUrn(ref: string): string | undefined {
  if (!ref) {
    return undefined;
  }
  const at = ref.lastIndexOf("::");
  return at < 0 ? ref : ref.slice(0, at);
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, WireValue> } | undefined;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
  getTransformsList(): unknown[];
}

interface MockMonitorLike {
  resources: Map<string, { urn: string; id: string | null; state: unknown }>;
  registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void>;
  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, WireValue> } | undefined },
    callback: (err: unknown, res: unknown) => void,
  ): void;
}

function mockUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  // The same URN the mock monitor computes, so records and responses agree.
  let qualified = type;
  if (parent) {
    qualified = `${parent.split("::")[2].split("$").pop()}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Synthesizes the computed outputs a real `pulumi up` would return, for runs that are not previews: an id,
 * for AWS a generic ARN, and what the type's catalog entry makes up in the formats the service returns.
 */
function computedOutputs(
  type: string,
  name: string,
  urn: string,
  opts: RunOptions,
  inputs: Record<string, unknown> = {},
  providerAccount?: string,
): Record<string, unknown> {
  const [pkg, modAndType] = type.split(":");
  const mod = (modAndType ?? "").split("/")[0];
  const physical = autoName(name, urn);
  // A resource placed in another region (the provider's per-resource `region`) has that region in its ARN.
  const region =
    typeof inputs.region === "string" ? inputs.region : (opts.config["aws:region"] ?? "us-east-1");
  const account = providerAccount ?? opts.accountId ?? "123456789012";
  return {
    id: `${physical}-id`,
    ...(pkg === "aws" ? { arn: `arn:aws:${mod}:${region}:${account}:${mod}/${physical}` } : {}),
    ...CATALOG.get(type)?.outputs?.({ name, urn, physical, region, account, inputs }),
  };
}

export async function runProgram(
  program: () => Promise<object> | object,
  opts: RunOptions,
): Promise<RunResult> {
  const run = async (): Promise<RunResult> => {
    const resources = new Map<string, RecordedResource>();
    const invokes: InvokeRecord[] = [];
    const engineErrors: string[] = [];
    let outputs: Record<string, WireValue> = {};
    let stackUrn = "";

    /**
     * What the provider answers a registration with: the inputs, the auto-name and, when not previewing, the
     * computed outputs. `args.inputs` are decoded values when the SDK's mock monitor asks, and in wire form
     * when the engine answers a registration itself (the state is then in wire form too); they agree on the
     * plain values the computed outputs read.
     */
    /**
     * The account a resource is created in: the one its provider is limited to (`allowedAccountIds`), so
     * that ARNs of a program spanning accounts (the organization's) name the right one; else the run's.
     */
    const accountOfProvider = (provider: string | undefined): string | undefined => {
      const record = resources.get(providerUrn(provider ?? "") ?? "");
      const allowed = record?.inputs.allowedAccountIds;
      const ids: unknown = typeof allowed === "string" ? JSON.parse(allowed) : allowed;
      const first: unknown = Array.isArray(ids) ? (ids as unknown[])[0] : undefined;
      return typeof first === "string" && /^\d{12}$/.test(first) ? first : undefined;
    };
    const newResource = (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult => {
      if (args.type === "pulumi:pulumi:StackReference") {
        // The referenced stack's name is the reference's id (and its `name` input); the resource name is local.
        const stack = args.id ?? args.name;
        const refs = opts.stackReferences;
        const outputs = typeof refs === "function" ? refs(stack) : refs?.[stack];
        if (!outputs) {
          throw new Error(
            `the mock engine has no outputs for stack reference ${stack}; add them to stackReferences`,
          );
        }
        return { id: stack, state: { name: stack, outputs, secretOutputNames: [] } };
      }
      const urn = mockUrn(opts.stack, opts.project, "", args.type, args.name);
      const state: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
      const autoNamed = CATALOG.get(args.type)?.autoName;
      const nameProp = autoNamed === undefined ? "name" : autoNamed;
      if (nameProp !== null && state[nameProp] === undefined && args.custom !== false) {
        state[nameProp] = autoName(args.name, urn);
      }
      if (opts.preview) {
        return { id: undefined, state };
      }
      const computed = wireState(
        computedOutputs(
          args.type,
          args.name,
          urn,
          opts,
          args.inputs as Record<string, unknown>,
          accountOfProvider(args.provider),
        ),
      );
      return { id: computed.id as string, state: { ...computed, ...state } };
    };
    const mocks: pulumi.runtime.Mocks = {
      newResource,
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        invokes.push({ token: args.token, args: args.inputs as Record<string, unknown> });
        const handler = opts.invokes?.[args.token];
        if (!handler) {
          const message = `the mock engine has no result for invoke ${args.token}; add one to the mock invokes`;
          // The SDK reports a failed invoke with the `details` of the engine's error.
          throw Object.assign(new Error(message), { details: message });
        }
        return handler(args.inputs as Record<string, unknown>);
      },
    };

    await pulumi.runtime.setMocks(mocks, opts.project, opts.stack, opts.preview);
    pulumi.runtime.setAllConfig(opts.config, opts.secretKeys ?? []);

    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const urn = mockUrn(opts.stack, opts.project, req.getParent(), req.getType(), req.getName());
      if (resources.has(urn)) {
        engineErrors.push(`duplicate resource URN ${urn}: two resources share a type, parent and name`);
      }
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
      });
      const record: RecordedResource = {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        provider: providerUrn(req.getProvider()),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        protect: req.getProtect() ?? false,
        retainOnDelete: req.getRetainondelete() ?? false,
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: req.getIgnorechangesList(),
        inputs: req.getObject()?.toJavaScript() ?? {},
      };
      resources.set(urn, record);
      if (req.getType() === "pulumi:pulumi:Stack") {
        stackUrn = urn;
      }
      // Stack references, registrations with transforms and, outside a preview, inputs with an unknown
      // value (which the SDK's monitor decodes as absent) are answered by the SDK's mock monitor.
      if (
        req.getTransformsList().length > 0 ||
        record.type === "pulumi:pulumi:StackReference" ||
        (!opts.preview && containsUnknown(record.inputs))
      ) {
        return register(req, callback);
      }
      // Answer directly, with the state in wire form: the SDK's mock monitor would decode the inputs and
      // encode the state again, a few percent of a plan, for the same answer.
      try {
        const result = newResource({
          type: record.type,
          name: record.name,
          inputs: record.inputs,
          provider: req.getProvider(),
          custom: record.custom,
        });
        // Wire form already: the recorded inputs, a name and the computed outputs (wireState).
        const state = result.state as Record<string, WireValue>;
        monitor.resources.set(urn, { urn, id: result.id ?? null, state });
        const response = new resproto.RegisterResourceResponse();
        response.setUrn(urn);
        response.setId(result.id ?? "");
        response.setObject(structOf(state));
        callback(null, response);
      } catch (err) {
        callback(err, undefined);
      }
      return Promise.resolve();
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
      if (req.getUrn() === stackUrn) {
        outputs = req.getOutputs()?.toJavaScript() ?? {};
      }
      registerOutputs(req, callback);
    };

    // A failing program also rejects promises nobody awaits (the stack's outputs): collect them for this
    // run instead of letting Node end the process.
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    let error: Error | undefined;
    try {
      await pulumi.runtime.runInPulumiStack(async () => program());
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    try {
      await pulumi.runtime.disconnect();
      // Let rejections of this run surface before the listener goes.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("unhandledRejection", onUnhandled);
      releaseStack();
    }
    if (!error && unhandled.length > 0) {
      error = unhandled[0] instanceof Error ? unhandled[0] : new Error(String(unhandled[0]));
    }
    const states = new Map<string, Record<string, unknown>>();
    for (const [urn, r] of opts.preview ? [] : monitor.resources) {
      states.set(urn, display(r.state as WireValue) as Record<string, unknown>);
    }
    return { resources: [...resources.values()], outputs, invokes, error, engineErrors, states };
  };
  if (opts.sourcePositions === false) {
    withoutSourcePositions(+1);
  }
  try {
    return await (opts.isolate === false ? run() : runtimeState.withLocalStorage(run));
  } finally {
    if (opts.sourcePositions === false) {
      withoutSourcePositions(-1);
    }
  }
}

// Internal to @pulumi/pulumi: where a resource's constructor gets its call stack from.
const resourceClass = pulumi.Resource as unknown as { callsites: (this: void) => unknown[] };
const SDK_CALLSITES = resourceClass.callsites;
// Internal to @pulumi/pulumi: every promise of a resource's properties and outputs goes through
// `debuggablePromise`, which the SDK's modules look up on this module object at each call.
/* eslint-disable @typescript-eslint/no-require-imports */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise<T>(this: void, p: Promise<T>, ctx: unknown): Promise<T>;
};
const runtimeStore = require("@pulumi/pulumi/runtime/state") as {
  getStore(): { leakCandidates: Set<Promise<unknown>>; stackResource?: unknown };
};
/* eslint-enable @typescript-eslint/no-require-imports */
const SDK_DEBUGGABLE_PROMISE = debuggable.debuggablePromise;

/**
 * Lets the finished run's resources go. The SDK keeps the run's stack resource, and through its children
 * every resource and output of the program, in its store and in `globalThis.stackResource`; the store
 * itself lives on in the SDK's exit check for leaked promises (armed by the first run of the process).
 * The plan has recorded what it reads: without this, a plan holds its first run's whole program while it
 * judges it and runs it again (twice the memory of a 1,000-service plan, and slower collections).
 */
function releaseStack(): void {
  runtimeStore.getStore().stackResource = undefined;
  (globalThis as { stackResource?: unknown }).stackResource = undefined;
}

/**
 * The SDK's `debuggablePromise` without its labels: the same leak bookkeeping (the promise is a leak
 * candidate until it settles, and the SDK's exit check still fails a run that leaves one) and the same
 * chain of reactions, so that every registration happens in the same order; but no id, context string and
 * stack trace defined on each promise. Those three properties, on the four promises of every property of
 * every resource, are a quarter of the memory of a large program (about 40 KB per resource); a leak then
 * reports no context.
 */
function unlabelledPromise<T>(p: Promise<T>): Promise<T> {
  const candidates = runtimeStore.getStore().leakCandidates;
  candidates.add(p);
  return p
    .then((val) => {
      candidates.delete(p);
      return val;
    })
    .catch((err: unknown) => {
      candidates.delete(p);
      (err as { promise?: Promise<T> }).promise = p;
      throw err;
    });
}

let runsWithoutSourcePositions = 0;

/**
 * Counts the runs that turned source positions (and promise labels) off; the SDK captures them again when
 * none is left.
 */
function withoutSourcePositions(delta: 1 | -1): void {
  runsWithoutSourcePositions += delta;
  if (runsWithoutSourcePositions > 0) {
    // The SDK arms its exit check for leaked promises on its first labelled promise: arm it.
    void SDK_DEBUGGABLE_PROMISE(Promise.resolve(), "mock engine");
  }
  resourceClass.callsites = runsWithoutSourcePositions > 0 ? () => [] : SDK_CALLSITES;
  debuggable.debuggablePromise = runsWithoutSourcePositions > 0 ? unlabelledPromise : SDK_DEBUGGABLE_PROMISE;
}

/** A recorded resource as the JSON plan shows it: inputs in display form. */
export function displayResource(r: RecordedResource): Record<string, unknown> {
  return { ...r, inputs: display(r.inputs) };
}
