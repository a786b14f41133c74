/**
 * The integration model: every wiring the platform creates, tried as the requests AWS makes to use it
 * (principal, action, resource, and only the condition keys AWS sends), through every policy on the path.
 * A request some policy denies is a finding that names both ends and the denying policy; so is an
 * asynchronous target that would fail silently (no dead-letter queue, or one nobody is alarmed about).
 * Run on a plan as `pulumi up` (every ARN and policy known); every plan reports it and fails on a finding.
 */
import { AccessRequest, evaluateRequest, NamedPolicy, Verdict } from "./iamEvaluator";
import { contentWirings } from "./integrationContent";
import { alarmActions, eventEncryption, ruleTargets, serviceTrust } from "./integrationDelivery";
import {
  appTeamGrants,
  KafkaClient,
  oncallExec,
  OncallIdentity,
  roleGrants,
  serviceKafka,
} from "./integrationGrants";
import { logWirings } from "./integrationLogs";
import { Hop, Integration, IntegrationFinding, IntegrationReport } from "./integrationModel";
import { teamGrants } from "./integrationTeams";
import { RecordedResource } from "./mockEngine";
import { ExternalResource, PlanView } from "./planView";
import { RequestKeys, VerdictCache } from "./verdictCache";

export type { IntegrationFinding, IntegrationReport } from "./integrationModel";

export interface IntegrationContext {
  account: string;
  region: string;
  /** The environment's service control policies, by name. */
  scps: NamedPolicy[];
  /** On-call's principal, and its permission set's policies when Identity Center holds them. */
  oncall?: OncallIdentity;
  /** App team names. */
  teams: readonly string[];
  kafkaClients: readonly KafkaClient[];
  /**
   * Resources of other accounts the environment's roles reach, with their policies: the organization's
   * registry repositories (their pull policy, as the organization writes it).
   */
  external?: readonly ExternalResource[];
}

/** The wirings of a plan, with the loud-failure findings found while collecting them. */
export function integrationsOf(
  view: PlanView,
  ctx: IntegrationContext,
): { integrations: Integration[]; findings: IntegrationFinding[] } {
  const targets = ruleTargets(view);
  return {
    integrations: [
      ...targets.integrations,
      ...alarmActions(view),
      ...eventEncryption(view),
      ...serviceTrust(view),
      ...roleGrants(view),
      ...serviceKafka(view, ctx.kafkaClients),
      ...oncallExec(view, ctx.oncall),
      ...appTeamGrants(view, teamGrants(view, ctx.teams)),
      ...logWirings(view),
      ...contentWirings(view),
    ],
    findings: targets.findings,
  };
}

export async function checkIntegrations(
  resources: readonly RecordedResource[],
  states: ReadonlyMap<string, Record<string, unknown>>,
  ctx: IntegrationContext,
  cache = new VerdictCache(),
): Promise<IntegrationReport> {
  const view = new PlanView(resources, states, ctx.account, ctx.region, ctx.scps, ctx.external);
  const { integrations, findings } = integrationsOf(view, ctx);
  // A request met twice in this plan is evaluated once; one met in an earlier plan, not at all.
  const keys = new RequestKeys();
  const pending = new Map<string, Promise<Verdict>>();
  const judge = (r: AccessRequest): Promise<Verdict> => {
    const key = keys.keyOf(r);
    let v = pending.get(key);
    if (v === undefined) {
      const kept = cache.get(key);
      v =
        kept !== undefined
          ? Promise.resolve(kept)
          : evaluateRequest(r).then((verdict) => {
              cache.set(key, verdict);
              return verdict;
            });
      pending.set(key, v);
    }
    return v;
  };
  let requests = 0;
  const applies = new Map<string, boolean>();
  const verdicts = new Map<Hop, Verdict>();
  for (const integration of integrations) {
    for (const hop of integration.hops) {
      const verdict = await judge(hop.request);
      verdicts.set(hop, verdict);
      if (hop.alternatives !== undefined && !notApplicable(verdict)) {
        applies.set(hop.alternatives, true);
      }
    }
  }
  for (const integration of integrations) {
    for (const hop of integration.hops) {
      const verdict = verdicts.get(hop)!;
      if (hop.alternatives !== undefined && notApplicable(verdict) && applies.get(hop.alternatives)) {
        continue;
      }
      requests++;
      if (!verdict.allowed) {
        findings.push({
          kind: integration.kind,
          from: integration.from,
          to: integration.to,
          what: hop.label,
          problem: `denied: ${verdict.deniedBy ?? "implicitly"}`,
          doc: hop.doc,
        });
      }
    }
  }
  cache.save();
  return { integrations: integrations.length, requests, findings };
}

/** The evaluator's answer for an action on a resource of a type it does not apply to. */
const notApplicable = (v: Verdict): boolean =>
  !v.allowed && (v.deniedBy ?? "").includes('"no.resource.types"');

/** The plan's lines: a summary, then one line per finding. */
/** The report as the plan prints it; without one, `unjudged` says why. */
export function formatIntegrations(
  report: IntegrationReport | undefined,
  unjudged = "the program failed",
): string[] {
  if (report === undefined) {
    return [`Integrations: not judged (${unjudged})`];
  }
  const head = `Integrations: ${report.integrations} wiring(s), ${report.requests} request(s) evaluated`;
  if (report.findings.length === 0) {
    return [`${head}: every integration reachable, every asynchronous target fails loudly`];
  }
  return [
    `${head}: ${report.findings.length} problem(s) (these would deploy and then not work):`,
    ...report.findings.map((f) => `  - [${f.kind}] ${f.from} -> ${f.to}: ${f.what}: ${f.problem} ${f.doc}`),
  ];
}
