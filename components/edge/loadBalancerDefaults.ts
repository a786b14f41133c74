/**
 * Settings both load balancers share: the TLS policy of HTTPS listeners and the hardening of the ALB.
 * Pure values, importable by tests and by the policy pack.
 */

/** TLS 1.3 with TLS 1.2 fallback, restricted to forward-secret AES-GCM ciphers (ELB user guide, "Security policies": the "Res" policies). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/** Attributes of every ALB of the platform. */
export const ALB_HARDENING = {
  loadBalancerType: "application",
  dropInvalidHeaderFields: true,
  desyncMitigationMode: "strictest",
  enableHttp2: true,
  idleTimeout: 60,
  ipAddressType: "ipv4",
} as const;
