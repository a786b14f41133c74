/**
 * Reviewed exemptions from the policies of this pack. See policies/exemptions.ts for the rules: one
 * policy, one resource (exact type and logical name, optionally one stack), a reason, an approver and
 * an expiry at most a year ahead. Every entry in use is listed by the advisory `policy-exemptions`
 * policy in `pulumi preview` and the offline plan.
 *
 * Example:
 *   {
 *     policy: "no-public-ingress",
 *     type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
 *     name: "partner-sftp-ingress",
 *     stack: "prod",
 *     reason: "Partner SFTP endpoint must accept uploads from the partner's changing IPs until they move to PrivateLink.",
 *     approvedBy: "security@acme-platform.com",
 *     expires: "2027-03-31",
 *   },
 */
import { Exemption } from "./policies/exemptions";

export const EXEMPTIONS: Exemption[] = [];
