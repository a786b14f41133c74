/**
 * Evaluates the policy pack on a recorded resource graph, offline, through @pulumi/policy's own analyzer
 * functions: the same code that serves `pulumi preview --policy-pack`, fed the same protobuf requests the
 * engine would send (inputs in wire form, so unknowns are unknown; options; providers; parents;
 * dependencies and property dependencies). Enforcement levels, unknown-value handling (a resource policy
 * that reads an unknown value becomes an advisory "can't run during preview") and `notApplicable` are
 * therefore exactly the pack's.
 */
import { RecordedResource } from "./mockEngine";
import { structOf } from "./wire";

// The analyzer's request/response types and functions: internal to @pulumi/pulumi and @pulumi/policy, but
// they are what the policy pack's gRPC server calls for each request.
/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb") as AnalyzerProto;
const server = require("@pulumi/policy/server") as PolicyServer;
/* eslint-enable @typescript-eslint/no-require-imports */

type Message = Record<string, (...args: unknown[]) => unknown>;
interface AnalyzerProto {
  AnalyzeRequest: new () => Message;
  AnalyzeStackRequest: new () => Message;
  AnalyzerResource: new () => Message;
  AnalyzerResourceOptions: new () => Message;
  AnalyzerProviderResource: new () => Message;
  AnalyzerPropertyDependencies: new () => Message;
  EnforcementLevel: Record<string, number>;
}
type RpcFun = (
  call: { request: Message },
  callback: (err: unknown, response?: AnalyzeResponse) => void,
) => Promise<void>;
interface PolicyServer {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: unknown[]): RpcFun;
  makeAnalyzeStackRpcFun(name: string, version: string, level: string, policies: unknown[]): RpcFun;
}
interface AnalyzeDiagnostic {
  getPolicyname(): string;
  getMessage(): string;
  getUrn(): string;
  getEnforcementlevel(): number;
  getDescription(): string;
}
interface AnalyzeResponse {
  getDiagnosticsList(): AnalyzeDiagnostic[];
}

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

export interface Diagnostic {
  policy: string;
  level: EnforcementLevel;
  message: string;
  /** The resource the diagnostic is about. */
  urn: string;
}

export interface PackRun {
  name: string;
  version: string;
  policies: unknown[];
  /** The pack's default enforcement level. */
  enforcementLevel?: EnforcementLevel;
}

function options(r: RecordedResource): Message {
  const o = new analyzerproto.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList(r.ignoreChanges);
  o.setDeletebeforereplace(r.deleteBeforeReplace);
  o.setDeletebeforereplacedefined(r.deleteBeforeReplace);
  o.setAdditionalsecretoutputsList([]);
  o.setAliasesList([]);
  if (r.parent) {
    o.setParent(r.parent);
  }
  return o;
}

/**
 * The wire form of each resource's inputs and of each provider, built once per resource and provider: the
 * per-resource requests and the stack request share them (the messages are only read).
 */
class Messages {
  private readonly inputs = new Map<string, Message>();
  private readonly providers = new Map<string, Message>();
  constructor(private readonly byUrn: Map<string, RecordedResource>) {}

  properties(r: RecordedResource): Message {
    let m = this.inputs.get(r.urn);
    if (!m) {
      // The analyzer decodes a resource's properties once per policy and deep-copies them: every policy
      // gets its own copy of the recorded inputs.
      m = structOf(r.inputs) as unknown as Message;
      this.inputs.set(r.urn, m);
    }
    return m;
  }

  /** Fills in what a resource request and a stack request's resource share: type, name, URN, properties, options, provider. */
  describe(message: Message, r: RecordedResource): Message {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(r.urn);
    message.setProperties(this.properties(r));
    message.setOptions(options(r));
    const p = this.provider(r);
    if (p) {
      message.setProvider(p);
    }
    return message;
  }

  provider(r: RecordedResource): Message | undefined {
    const p = r.provider ? this.byUrn.get(r.provider) : undefined;
    if (!p) {
      return undefined;
    }
    let message = this.providers.get(p.urn);
    if (!message) {
      const m = new analyzerproto.AnalyzerProviderResource();
      m.setType(p.type);
      m.setUrn(p.urn);
      m.setName(p.name);
      m.setProperties(this.properties(p));
      this.providers.set(p.urn, m);
      message = m;
    }
    return message;
  }
}

const LEVELS: Record<number, EnforcementLevel> = {};

function levelOf(n: number): EnforcementLevel {
  if (Object.keys(LEVELS).length === 0) {
    for (const [name, value] of Object.entries(analyzerproto.EnforcementLevel)) {
      LEVELS[value] = name.toLowerCase() as EnforcementLevel;
    }
  }
  return LEVELS[n] ?? "mandatory";
}

function call(fn: RpcFun, request: Message): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    void fn({ request }, (err, response) => {
      if (err || !response) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      resolve(
        response.getDiagnosticsList().map((d) => ({
          policy: d.getPolicyname(),
          level: levelOf(d.getEnforcementlevel()),
          message: d.getMessage(),
          urn: d.getUrn(),
        })),
      );
    });
  });
}

/**
 * Runs every resource policy on every custom resource (as the engine does before each step), then every
 * stack policy on the whole graph (as it does at the end of a preview or update).
 */
export async function evaluatePack(
  pack: PackRun,
  resources: readonly RecordedResource[],
): Promise<Diagnostic[]> {
  const level = pack.enforcementLevel ?? "advisory";
  const analyze = server.makeAnalyzeRpcFun(pack.name, pack.version, level, pack.policies);
  const analyzeStack = server.makeAnalyzeStackRpcFun(pack.name, pack.version, level, pack.policies);
  const messages = new Messages(new Map(resources.map((r) => [r.urn, r])));
  const diagnostics: Diagnostic[] = [];

  for (const r of resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"))) {
    const request = messages.describe(new analyzerproto.AnalyzeRequest(), r);
    for (const d of await call(analyze, request)) {
      diagnostics.push({ ...d, urn: d.urn || r.urn });
    }
  }

  const stackRequest = new analyzerproto.AnalyzeStackRequest();
  stackRequest.setResourcesList(
    resources.map((r) => {
      const message = messages.describe(new analyzerproto.AnalyzerResource(), r);
      message.setParent(r.parent ?? "");
      message.setDependenciesList(r.dependencies);
      const deps = message.getPropertydependenciesMap() as { set(k: string, v: Message): void };
      for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const d = new analyzerproto.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
      }
      return message;
    }),
  );
  diagnostics.push(...(await call(analyzeStack, stackRequest)));
  return diagnostics;
}

/** The policy pack's findings, mandatory first, each with its policy and resource. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], pack: string): string[] {
  const count = (level: string): number => diagnostics.filter((d) => d.level === level).length;
  const lines = [
    `Policy pack ${pack}: ${count("mandatory")} mandatory violation(s), ${count("advisory")} advisory`,
  ];
  const order = ["mandatory", "advisory"];
  const sorted = [...diagnostics].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  for (const d of sorted) {
    lines.push(`  [${d.level}] ${d.policy}: ${d.urn.split("::").pop() ?? d.urn}`, `      ${d.message}`);
  }
  return lines;
}
