/**
 * Exemptions: the reviewed way to let one resource off one policy.
 *
 * An exemption names one policy and one resource (type and logical name, optionally one stack), says
 * why, who approved it and until when. It lives in policy-pack/exemptions.ts, so adding one is a pull
 * request a reviewer sees. There is no wildcard and no switch that turns a policy off: an exemption
 * that names no resource, no reason or no expiry is rejected by the tests, and an expired one no longer
 * applies. Every exemption in use is reported by the advisory `policy-exemptions` policy, so it shows
 * in `pulumi preview` and in the offline plan.
 */
import {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";

import { label, parseUrn } from "./util";

export interface Exemption {
  /** The policy the resource is let off (one name, never a pattern). */
  policy: string;
  /** The resource's type token, e.g. `aws:ec2/launchTemplate:LaunchTemplate`. */
  type: string;
  /** The resource's logical name. */
  name: string;
  /** Only in this stack; omit for every stack. */
  stack?: string;
  /** Why the rule does not fit this resource (at least a sentence). */
  reason: string;
  /** Who reviewed and approved it. */
  approvedBy: string;
  /** Last day it applies, YYYY-MM-DD (at most a year ahead). */
  expires: string;
}

/** Problems with an exemption entry itself (tests run this over the real list). */
export function exemptionProblems(e: Exemption, knownPolicies: readonly string[], today: Date): string[] {
  const problems: string[] = [];
  const what = `exemption of ${e.type} "${e.name}" from ${e.policy}`;
  if (!knownPolicies.includes(e.policy)) {
    problems.push(`${what}: no policy is named ${e.policy}`);
  }
  if (
    !/^[a-z0-9-]+:[A-Za-z0-9/]+:[A-Za-z0-9]+$/.test(e.type) ||
    e.name.trim() === "" ||
    /[*?]/.test(e.name + e.type)
  ) {
    problems.push(
      `${what}: it must name one resource by its exact type token and logical name (no wildcards)`,
    );
  }
  if (e.reason.trim().length < 20) {
    problems.push(`${what}: the reason must say why the rule does not fit (20 characters or more)`);
  }
  if (e.approvedBy.trim() === "") {
    problems.push(`${what}: approvedBy is required`);
  }
  const expires = /^\d{4}-\d{2}-\d{2}$/.test(e.expires) ? new Date(`${e.expires}T23:59:59Z`) : undefined;
  const limit = new Date(today.getTime() + 366 * 24 * 3600 * 1000);
  if (!expires || Number.isNaN(expires.getTime())) {
    problems.push(`${what}: expires must be a date, YYYY-MM-DD`);
  } else if (expires > limit) {
    problems.push(
      `${what}: expires ${e.expires} is more than a year ahead; review exemptions at least yearly`,
    );
  }
  return problems;
}

function isActive(e: Exemption, today: Date): boolean {
  return new Date(`${e.expires}T23:59:59Z`) >= today;
}

function matches(e: Exemption, policy: string, urn: string): boolean {
  const r = parseUrn(urn);
  return (
    e.policy === policy &&
    e.type === r.type &&
    e.name === r.name &&
    (e.stack === undefined || e.stack === r.stack)
  );
}

/** The active exemption of the resource at `urn` from `policy`, if any. */
export function findExemption(
  exemptions: readonly Exemption[],
  policy: string,
  urn: string,
  today: Date,
): Exemption | undefined {
  return exemptions.find((e) => matches(e, policy, urn) && isActive(e, today));
}

type Policy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Wraps a policy so that violations of exempted resources are not reported. Stack policies must pass
 * the offending resource's URN to `reportViolation` (all of ours do), or the exemption cannot apply.
 */
export function withExemptions<P extends Policy>(
  policy: P,
  exemptions: readonly Exemption[],
  now: () => Date,
): P {
  const filter =
    (report: ReportViolation, fallbackUrn?: string): ReportViolation =>
    (message, urn) => {
      const target = urn ?? fallbackUrn;
      if (target === undefined || !findExemption(exemptions, policy.name, target, now())) {
        report(message, urn);
      }
    };
  if ("validateStack" in policy) {
    const validateStack = policy.validateStack;
    return { ...policy, validateStack: (args, report) => validateStack(args, filter(report)) };
  }
  const validations = policy.validateResource;
  if (validations === undefined) {
    return policy;
  }
  // The wrapper keeps what @pulumi/policy attached to the validation (the type it applies to; see onlyFor).
  const wrap = (v: (a: ResourceValidationArgs, r: ReportViolation) => Promise<void> | void) =>
    Object.assign(
      (args: ResourceValidationArgs, report: ReportViolation) => v(args, filter(report, args.urn)),
      v,
    );
  return {
    ...policy,
    validateResource: Array.isArray(validations) ? validations.map(wrap) : wrap(validations),
  };
}

/** Advisory: reports every exemption that applies to a resource of the stack, and every expired one. */
export function exemptionReport(exemptions: readonly Exemption[], now: () => Date): StackValidationPolicy {
  return {
    name: "policy-exemptions",
    description:
      "Lists the resources let off a policy by policy-pack/exemptions.ts, with the reason and expiry. " +
      "Review them; when an exemption expires, fix the resource or renew the exemption in a pull request.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
      const today = now();
      for (const r of args.resources) {
        for (const e of exemptions.filter((x) => matches(x, x.policy, r.urn))) {
          const who = `${label(r)} is exempt from ${e.policy}`;
          if (isActive(e, today)) {
            reportViolation(`${who} until ${e.expires} (approved by ${e.approvedBy}): ${e.reason}`, r.urn);
          } else {
            reportViolation(
              `${who} expired on ${e.expires} and no longer applies: fix the resource or renew the exemption`,
              r.urn,
            );
          }
        }
      }
    },
  };
}
