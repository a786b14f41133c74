/**
 * The service quotas the plan's resources draw on: each one's service code, quota code and documented
 * default, from the service's AWS quota page (cited on the entry; the quota codes are those of the
 * Service Quotas console links on those pages), and what a new account starts with where AWS says it
 * starts lower.
 */
import { LAMBDA_CONCURRENCY } from "../../stacks/config/events";

export interface QuotaSpec {
  /** The quota's name as Service Quotas shows it. */
  name: string;
  serviceCode: string;
  quotaCode: string;
  /** What the quota counts per: "Region", "VPC", "Availability Zone", ... */
  per: string;
  /** The default the service's quota page documents. */
  documentedDefault: number;
  /** When a new account starts lower than the documented default: the value the plan assumes, and why. */
  newAccount?: { value: number; why: string };
  /** The AWS page that documents the quota and its default. */
  doc: string;
}

const VPC_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
const PRIVATELINK_QUOTAS = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html";
const ALB_QUOTAS =
  "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html";
// "Fargate On-Demand vCPU resource count ... 6", "Fargate Spot vCPU resource count ... 6", and "New AWS
// accounts might have lower initial quotas that can increase over time". That page links the Service Quotas
// console without the codes; the codes are the console's own (servicequotas/home/services/fargate/quotas/L-...).
const FARGATE_QUOTAS = "https://docs.aws.amazon.com/general/latest/gr/ecs-service.html";
const FARGATE_NEW = "new accounts may start lower still; AWS raises it with usage";

/** The quotas the plan can draw on, keyed by what the section calls them. */
export const QUOTAS = {
  fargateOnDemandVcpu: {
    name: "Fargate On-Demand vCPU resource count",
    serviceCode: "fargate",
    quotaCode: "L-3032A538",
    per: "Region",
    documentedDefault: 6,
    newAccount: { value: 6, why: FARGATE_NEW },
    doc: FARGATE_QUOTAS,
  },
  fargateSpotVcpu: {
    name: "Fargate Spot vCPU resource count",
    serviceCode: "fargate",
    quotaCode: "L-36FBB829",
    per: "Region",
    documentedDefault: 6,
    newAccount: { value: 6, why: FARGATE_NEW },
    doc: FARGATE_QUOTAS,
  },
  lambdaConcurrency: {
    name: LAMBDA_CONCURRENCY.name,
    serviceCode: LAMBDA_CONCURRENCY.serviceCode,
    quotaCode: LAMBDA_CONCURRENCY.quotaCode,
    per: "Region",
    documentedDefault: LAMBDA_CONCURRENCY.documentedDefault,
    newAccount: {
      value: LAMBDA_CONCURRENCY.newAccount,
      why: '"new AWS accounts have reduced concurrency quotas" (AWS gives no number; 10 is what new member accounts have been seen to start at)',
    },
    doc: "https://docs.aws.amazon.com/lambda/latest/dg/limits.html",
  },
  elasticIps: {
    name: "EC2-VPC Elastic IPs",
    serviceCode: "ec2",
    quotaCode: "L-0263D0A3",
    per: "Region",
    documentedDefault: 5,
    doc: VPC_QUOTAS,
  },
  vpcs: {
    name: "VPCs per Region",
    serviceCode: "vpc",
    quotaCode: "L-F678F1CE",
    per: "Region",
    documentedDefault: 5,
    doc: VPC_QUOTAS,
  },
  internetGateways: {
    name: "Internet gateways per Region",
    serviceCode: "vpc",
    quotaCode: "L-A4707A72",
    per: "Region",
    documentedDefault: 5,
    doc: VPC_QUOTAS,
  },
  natGatewaysPerAz: {
    name: "NAT gateways per Availability Zone",
    serviceCode: "vpc",
    quotaCode: "L-FE5A380F",
    per: "Availability Zone",
    documentedDefault: 5,
    doc: VPC_QUOTAS,
  },
  interfaceEndpointsPerVpc: {
    name: "Interface VPC endpoints per VPC",
    serviceCode: "vpc",
    quotaCode: "L-29B6F2EB",
    per: "VPC",
    documentedDefault: 50,
    doc: PRIVATELINK_QUOTAS,
  },
  gatewayEndpoints: {
    name: "Gateway VPC endpoints per Region",
    serviceCode: "vpc",
    quotaCode: "L-1B52E74A",
    per: "Region",
    documentedDefault: 20,
    doc: PRIVATELINK_QUOTAS,
  },
  securityGroupsPerInterface: {
    name: "Security groups per network interface",
    serviceCode: "vpc",
    quotaCode: "L-2AFB9258",
    per: "network interface",
    documentedDefault: 5,
    doc: VPC_QUOTAS,
  },
  rulesPerSecurityGroup: {
    name: "Inbound or outbound rules per security group",
    serviceCode: "vpc",
    quotaCode: "L-0EA8095F",
    per: "security group and direction",
    documentedDefault: 60,
    doc: VPC_QUOTAS,
  },
  albs: {
    name: "Application Load Balancers per Region",
    serviceCode: "elasticloadbalancing",
    quotaCode: "L-53DA6B97",
    per: "Region",
    documentedDefault: 50,
    doc: ALB_QUOTAS,
  },
  listenersPerAlb: {
    name: "Listeners per Application Load Balancer",
    serviceCode: "elasticloadbalancing",
    quotaCode: "L-B6DF7632",
    per: "load balancer",
    documentedDefault: 50,
    doc: ALB_QUOTAS,
  },
  rulesPerAlb: {
    name: "Rules per Application Load Balancer",
    serviceCode: "elasticloadbalancing",
    quotaCode: "L-7EED9B64",
    per: "load balancer",
    documentedDefault: 100,
    doc: ALB_QUOTAS,
  },
  targetGroups: {
    name: "Target Groups per Region",
    serviceCode: "elasticloadbalancing",
    quotaCode: "L-B22855CB",
    per: "Region",
    documentedDefault: 3000,
    doc: ALB_QUOTAS,
  },
  eventRulesPerBus: {
    // 300 in most Regions, 100 in af-south-1 and eu-south-1.
    name: "Number of rules",
    serviceCode: "events",
    quotaCode: "L-244521F2",
    per: "event bus",
    documentedDefault: 300,
    doc: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html",
  },
} satisfies Record<string, QuotaSpec>;

export type QuotaId = keyof typeof QUOTAS;
