/**
 * The OpenVPN server's scripts and the checks on its settings, as pure functions: the boot script
 * (user data) and the scripts of the SSM documents that issue and revoke client certificates. Tests
 * read them (and run `bash -n` on them) without mocks.
 *
 * The PKI is plain OpenSSL (Amazon Linux 2023 ships OpenVPN but not easy-rsa): an EC P-384 CA, a
 * server certificate, a tls-crypt key and a CRL, kept under `pki/` in a versioned, KMS-encrypted
 * bucket. A replacement instance restores them, so clients keep working; only the SSM documents (run on
 * the server, under a lock) change them.
 */
import { cidr, formatCidr, parseCidr } from "../network/cidr";

export const VPN_PROTOCOLS = ["udp", "tcp"] as const;
export type VpnProtocol = (typeof VPN_PROTOCOLS)[number];

/** The OpenVPN management interface, bound to 127.0.0.1 (used to drop a revoked client's session). */
export const VPN_MANAGEMENT_PORT = 7505;

/** Ports the VPN port must not take: something else listens there on the server, or policy forbids it. */
export const VPN_RESERVED_PORTS: ReadonlyArray<{
  port: number;
  protocols: readonly VpnProtocol[];
  reason: string;
}> = [
  {
    port: 22,
    protocols: ["tcp", "udp"],
    reason: "sshd listens there, and SSH is never opened to clients (operators use Session Manager)",
  },
  { port: 53, protocols: ["tcp", "udp"], reason: "the local DNS resolver (systemd-resolved) listens there" },
  { port: 68, protocols: ["udp"], reason: "the DHCP client listens there" },
  { port: 323, protocols: ["udp"], reason: "chronyd listens there" },
  { port: 3389, protocols: ["tcp", "udp"], reason: "RDP is never opened to clients" },
  {
    port: VPN_MANAGEMENT_PORT,
    protocols: ["tcp", "udp"],
    reason: "the OpenVPN management interface listens there",
  },
];

/** Why `port` cannot be the VPN port for `protocol`, or undefined when it can. */
export function vpnPortProblem(port: number, protocol: VpnProtocol): string | undefined {
  const hit = VPN_RESERVED_PORTS.find((r) => r.port === port && r.protocols.includes(protocol));
  return hit === undefined
    ? undefined
    : `got ${port}/${protocol}; collides with another listener: ${hit.reason}. Use another port (OpenVPN's default is 1194)`;
}

/** Client pool sizes OpenVPN's `server` directive handles well here. */
export const MIN_POOL_PREFIX = 16;
export const MAX_POOL_PREFIX = 27;

/** The network address and dotted netmask of a CIDR, as OpenVPN's `server` and `route` take them. */
export function networkAndMask(text: string): { network: string; netmask: string } {
  const block = cidr(text);
  const mask = block.prefix === 0 ? 0 : (0xffffffff << (32 - block.prefix)) >>> 0;
  const dotted = [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join(".");
  return { network: formatCidr(block).split("/")[0], netmask: dotted };
}

/** The VPC's DNS resolver: the VPC's base address plus two. */
export function vpcResolver(vpcCidr: string): string {
  const block = cidr(vpcCidr);
  return formatCidr({ base: block.base + 2, prefix: 32 }).split("/")[0];
}

/** Parses a CIDR the VPN admits or pools, for config checks. */
export function vpnCidrProblem(text: string): string | undefined {
  const parsed = parseCidr(text);
  return typeof parsed === "string" ? parsed : undefined;
}

/** The AMI the server boots: the current Amazon Linux 2023 for ARM, resolved by EC2 at each launch. */
export const VPN_IMAGE_ID =
  "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/** Namespace and name of the health metric the server publishes every minute (1 = OpenVPN is running). */
export const VPN_METRIC = { namespace: "Platform/VPN", name: "ServerUp", dimension: "Server" } as const;

export interface VpnBootstrapParams {
  region: string;
  /** Allocation id of the Elastic IP the instance takes at boot. */
  allocationId: string;
  /** Name of the server: certificate CN, tag value and metric dimension. */
  serverName: string;
  /** Bucket holding `pki/` (and `clients/`). */
  pkiBucket: string;
  /** Log group the CloudWatch agent ships the OpenVPN log to. */
  logGroupName: string;
  port: number;
  protocol: VpnProtocol;
  /** The clients' tunnel addresses. */
  clientPool: string;
  /** Routes pushed to clients: the VPC. */
  vpcCidr: string;
}

const OPENSSL_CNF = `[ ca ]
default_ca = platform_ca

[ platform_ca ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/issued
certificate = $dir/ca.crt
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha384
default_days = 825
default_crl_days = 3650
policy = policy_cn
unique_subject = yes
copy_extensions = none

[ policy_cn ]
commonName = supplied

[ req ]
distinguished_name = req_dn

[ req_dn ]

[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ server ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ client ]
basicConstraints = CA:false
keyUsage = critical, digitalSignature, keyAgreement
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid`;

/** TLS settings shared by server and clients. */
const TLS_SETTINGS = `tls-version-min 1.2
data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305
auth SHA256`;

/** The OpenVPN server configuration. */
export function serverConfig(
  p: Pick<VpnBootstrapParams, "port" | "protocol" | "clientPool" | "vpcCidr">,
): string {
  const pool = networkAndMask(p.clientPool);
  const vpc = networkAndMask(p.vpcCidr);
  return `port ${p.port}
proto ${p.protocol}
dev tun
topology subnet
server ${pool.network} ${pool.netmask}
push "route ${vpc.network} ${vpc.netmask}"
push "dhcp-option DNS ${vpcResolver(p.vpcCidr)}"
keepalive 10 120
ca ca.crt
cert server.crt
key server.key
dh none
ecdh-curve secp384r1
tls-crypt tc.key
crl-verify crl.pem
remote-cert-tls client
${TLS_SETTINGS}
user openvpn
group openvpn
persist-key
persist-tun
management 127.0.0.1 ${VPN_MANAGEMENT_PORT}
log-append /var/log/openvpn/server.log
verb 3${p.protocol === "udp" ? "\nexplicit-exit-notify 1" : ""}
`;
}

/**
 * The boot script. In order: take the Elastic IP (the launch template gives no public address; the EC2
 * API is reached through the VPC's ec2 interface endpoint), install OpenVPN and the CloudWatch agent,
 * restore the PKI from the bucket or create it once, configure OpenVPN (routes to the VPC and its
 * resolver pushed to clients), NAT client traffic into the VPC, ship the log, publish the health metric.
 */
export function vpnUserData(p: VpnBootstrapParams): string {
  const agentConfig = JSON.stringify({
    agent: { omit_hostname: true },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            {
              file_path: "/var/log/openvpn/server.log",
              log_group_name: p.logGroupName,
              log_stream_name: "{instance_id}/openvpn",
            },
            {
              file_path: "/var/log/vpn-bootstrap.log",
              log_group_name: p.logGroupName,
              log_stream_name: "{instance_id}/bootstrap",
            },
          ],
        },
      },
    },
  });
  return `#!/bin/bash
# OpenVPN server bootstrap (generated by components/access/vpnScripts.ts; edits here are overwritten).
set -euo pipefail
exec > >(tee -a /var/log/vpn-bootstrap.log) 2>&1

REGION="${p.region}"
ALLOCATION_ID="${p.allocationId}"
BUCKET="${p.pkiBucket}"
SERVER_NAME="${p.serverName}"

imds() {
  local token
  token=$(curl -sf -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60")
  curl -sf -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/$1"
}
retry() {
  local attempt
  for attempt in $(seq 1 30); do
    if "$@"; then return 0; fi
    echo "attempt $attempt of: $* failed; retrying"
    sleep 10
  done
  return 1
}

# 1. The fixed address: the only public address this instance ever has.
INSTANCE_ID=$(imds meta-data/instance-id)
retry aws ec2 associate-address --region "$REGION" --allocation-id "$ALLOCATION_ID" --instance-id "$INSTANCE_ID" --allow-reassociation

# 2. Packages (OpenVPN is in Amazon Linux 2023 since 2023.6).
retry dnf install -y openvpn nftables amazon-cloudwatch-agent logrotate

# 3. The PKI: restore it, or create it on the very first boot.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
if head=$(aws s3api head-object --bucket "$BUCKET" --key pki/ca.crt 2>&1); then
  aws s3 cp "s3://$BUCKET/pki/" . --recursive --only-show-errors
elif grep -q "(404)" <<<"$head"; then
  echo "no PKI in s3://$BUCKET/pki/: creating the CA"
  mkdir -p issued
  touch index.txt
  echo 1000 > serial
  echo 1000 > crlnumber
  cat > openssl.cnf <<'OPENSSL'
${OPENSSL_CNF}
OPENSSL
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -config openssl.cnf \\
    -extensions v3_ca -days 3650 -subj "/CN=$SERVER_NAME CA" -keyout ca.key -out ca.crt
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -config openssl.cnf \\
    -subj "/CN=$SERVER_NAME" -keyout server.key -out server.csr
  openssl ca -batch -notext -config openssl.cnf -extensions server -days 3650 -in server.csr -out server.crt
  openssl ca -config openssl.cnf -gencrl -out crl.pem
  openvpn --genkey secret tc.key
  rm -f server.csr
  aws s3 cp . "s3://$BUCKET/pki/" --recursive --only-show-errors
else
  echo "cannot read s3://$BUCKET/pki/ca.crt: $head"
  exit 1
fi
id openvpn >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin openvpn
# OpenVPN drops to the openvpn user and re-reads the CRL on each connection: it must reach the directory.
install -d -m 750 -g openvpn /etc/openvpn/server
install -m 644 ca.crt server.crt crl.pem /etc/openvpn/server/
install -m 600 server.key tc.key /etc/openvpn/server/
cd /
rm -rf "$WORK"

# 4. OpenVPN.
install -d -m 755 /var/log/openvpn
cat > /etc/openvpn/server/server.conf <<'OPENVPN'
${serverConfig(p)}OPENVPN
cat > /etc/logrotate.d/openvpn-server <<'LOGROTATE'
/var/log/openvpn/server.log {
  daily
  rotate 7
  compress
  missingok
  copytruncate
}
LOGROTATE

# 5. Forward client traffic into the VPC, masqueraded as the server.
cat > /etc/sysctl.d/90-vpn.conf <<'SYSCTL'
net.ipv4.ip_forward = 1
SYSCTL
sysctl --system
IFACE=$(ip -o -4 route show default | awk '{print $5; exit}')
cat > /etc/sysconfig/nftables.conf <<NFT
table ip vpn_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr ${p.clientPool} ip daddr ${p.vpcCidr} oifname "$IFACE" masquerade
  }
}
NFT
systemctl enable --now nftables
systemctl enable --now openvpn-server@server

# 6. Logs to CloudWatch (KMS-encrypted group), and the health metric every minute.
cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'AGENT'
${agentConfig}
AGENT
/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 \\
  -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json -s
cat > /usr/local/bin/vpn-health <<'HEALTH'
#!/bin/bash
if systemctl is-active --quiet openvpn-server@server; then value=1; else value=0; fi
aws cloudwatch put-metric-data --region "${p.region}" --namespace "${VPN_METRIC.namespace}" \\
  --metric-name "${VPN_METRIC.name}" --dimensions "${VPN_METRIC.dimension}=${p.serverName}" --value "$value"
HEALTH
chmod 755 /usr/local/bin/vpn-health
cat > /etc/systemd/system/vpn-health.service <<'UNIT'
[Unit]
Description=Publish whether OpenVPN runs

[Service]
Type=oneshot
ExecStart=/usr/local/bin/vpn-health
UNIT
cat > /etc/systemd/system/vpn-health.timer <<'UNIT'
[Unit]
Description=Publish whether OpenVPN runs, every minute

[Timer]
OnBootSec=60
OnUnitActiveSec=60

[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now vpn-health.timer
echo "OpenVPN server ready"
`;
}

/** SSM parameter pattern of a client name (validated by SSM before the script sees it). */
export const CLIENT_NAME_PATTERN = "^[a-z0-9][a-z0-9.-]{1,62}$";

export interface ClientScriptParams {
  pkiBucket: string;
  /** The server's Elastic IP, written into the client profile. */
  publicIp: string;
  port: number;
  protocol: VpnProtocol;
}

/** Lines shared by both scripts: strict mode, the name, one PKI change at a time, a scratch copy of the PKI. */
function pkiPrelude(bucket: string): string {
  return `set -euo pipefail
NAME="{{ ClientName }}"
[[ "$NAME" =~ ${CLIENT_NAME_PATTERN} ]] || { echo "invalid client name: $NAME"; exit 1; }
exec 9>/var/lock/vpn-pki.lock
flock 9
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
aws s3 cp "s3://${bucket}/pki/" . --recursive --only-show-errors
SERIAL=$(awk -F'\\t' -v cn="/CN=$NAME" '$1 == "V" && $6 == cn { print $4 }' index.txt)`;
}

/** The SSM document script that issues a client certificate and stores its profile under `clients/`. */
export function issueClientScript(p: ClientScriptParams): string {
  return `${pkiPrelude(p.pkiBucket)}
if [ -n "$SERIAL" ]; then
  echo "$NAME already has a valid certificate (serial $SERIAL); revoke it first"
  exit 1
fi
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -config openssl.cnf \\
  -subj "/CN=$NAME" -keyout client.key -out client.csr
openssl ca -batch -notext -config openssl.cnf -extensions client -days "{{ ValidityDays }}" -in client.csr -out client.crt
{
  cat <<'PROFILE'
client
dev tun
proto ${p.protocol}
remote ${p.publicIp} ${p.port}
resolv-retry infinite
nobind
persist-key
persist-tun
remote-cert-tls server
${TLS_SETTINGS}
verb 3
PROFILE
  echo "<ca>"; cat ca.crt; echo "</ca>"
  echo "<cert>"; cat client.crt; echo "</cert>"
  echo "<key>"; cat client.key; echo "</key>"
  echo "<tls-crypt>"; cat tc.key; echo "</tls-crypt>"
} > profile.ovpn
aws s3 cp profile.ovpn "s3://${p.pkiBucket}/clients/$NAME.ovpn" --only-show-errors
aws s3 sync . "s3://${p.pkiBucket}/pki/" --exclude "*" --include "index.txt*" --include "serial*" --include "issued/*" --only-show-errors
echo "issued $NAME; profile: s3://${p.pkiBucket}/clients/$NAME.ovpn"
`;
}

/** The SSM document script that revokes a client certificate, publishes the CRL and drops the session. */
export function revokeClientScript(p: Pick<ClientScriptParams, "pkiBucket">): string {
  return `${pkiPrelude(p.pkiBucket)}
if [ -z "$SERIAL" ]; then
  echo "$NAME has no valid certificate"
  exit 1
fi
openssl ca -config openssl.cnf -revoke "issued/$SERIAL.pem"
openssl ca -config openssl.cnf -gencrl -out crl.pem
install -m 644 crl.pem /etc/openvpn/server/crl.pem
aws s3 sync . "s3://${p.pkiBucket}/pki/" --exclude "*" --include "index.txt*" --include "crlnumber*" --include "crl.pem" --only-show-errors
aws s3 rm "s3://${p.pkiBucket}/clients/$NAME.ovpn" --only-show-errors
# OpenVPN re-reads the CRL on every new connection; end a session that is still open.
{ exec 3<>/dev/tcp/127.0.0.1/${VPN_MANAGEMENT_PORT} && printf 'kill %s\\nquit\\n' "$NAME" >&3 && timeout 2 cat <&3; } 2>/dev/null || true
echo "revoked $NAME (serial $SERIAL)"
`;
}
