import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import {
  issueClientScript,
  networkAndMask,
  revokeClientScript,
  serverConfig,
  vpcResolver,
  VpnBootstrapParams,
  vpnPortProblem,
  vpnUserData,
} from "../../../components/access/vpnScripts";

const PARAMS: VpnBootstrapParams = {
  region: "eu-west-1",
  allocationId: "eipalloc-0abc",
  serverName: "platform-prod-vpn",
  pkiBucket: "vpn-pki-123",
  logGroupName: "/platform/platform-prod/vpn",
  port: 1194,
  protocol: "udp",
  clientPool: "10.250.0.0/22",
  vpcCidr: "10.30.0.0/16",
};

/** `bash -n`: the script parses. */
function parses(script: string): void {
  const result = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
  assert.strictEqual(result.status, 0, result.stderr);
}

describe("VPN settings", () => {
  it("rejects ports where something else listens or that policy forbids, per protocol", () => {
    assert.strictEqual(vpnPortProblem(1194, "udp"), undefined);
    assert.strictEqual(vpnPortProblem(443, "tcp"), undefined);
    assert.strictEqual(vpnPortProblem(68, "tcp"), undefined, "the DHCP client only holds UDP 68");
    assert.strictEqual(
      vpnPortProblem(22, "tcp"),
      "got 22/tcp; collides with another listener: sshd listens there, and SSH is never opened to clients (operators use Session Manager). Use another port (OpenVPN's default is 1194)",
    );
    assert.strictEqual(
      vpnPortProblem(7505, "udp"),
      "got 7505/udp; collides with another listener: the OpenVPN management interface listens there. Use another port (OpenVPN's default is 1194)",
    );
    assert.match(vpnPortProblem(53, "udp")!, /systemd-resolved/);
    assert.match(vpnPortProblem(323, "udp")!, /chronyd/);
  });

  it("computes OpenVPN's network and mask, and the VPC resolver", () => {
    assert.deepStrictEqual(networkAndMask("10.250.0.0/22"), {
      network: "10.250.0.0",
      netmask: "255.255.252.0",
    });
    assert.deepStrictEqual(networkAndMask("10.30.0.0/16"), { network: "10.30.0.0", netmask: "255.255.0.0" });
    assert.strictEqual(vpcResolver("10.30.0.0/16"), "10.30.0.2");
    assert.strictEqual(vpcResolver("172.16.4.0/22"), "172.16.4.2");
  });
});

describe("OpenVPN server configuration", () => {
  it("pushes the VPC route and resolver, requires tls-crypt, the CRL and TLS 1.2, and drops privileges", () => {
    const lines = serverConfig(PARAMS).split("\n");
    for (const line of [
      "port 1194",
      "proto udp",
      "server 10.250.0.0 255.255.252.0",
      'push "route 10.30.0.0 255.255.0.0"',
      'push "dhcp-option DNS 10.30.0.2"',
      "tls-crypt tc.key",
      "crl-verify crl.pem",
      "remote-cert-tls client",
      "tls-version-min 1.2",
      "user openvpn",
      "management 127.0.0.1 7505",
      "explicit-exit-notify 1",
    ]) {
      assert.ok(lines.includes(line), `missing: ${line}`);
    }
    assert.ok(
      !lines.some((l) => l.startsWith('push "redirect-gateway')),
      "split tunnel: only the VPC goes through the VPN",
    );
    const tcp = serverConfig({ ...PARAMS, protocol: "tcp", port: 443 }).split("\n");
    assert.ok(tcp.includes("proto tcp") && tcp.includes("port 443"));
    assert.ok(!tcp.includes("explicit-exit-notify 1"), "UDP only");
  });
});

describe("OpenVPN boot script", () => {
  const script = vpnUserData(PARAMS);

  it("parses", () => parses(script));

  it("takes the Elastic IP before anything needs the internet", () => {
    const associate = script.indexOf("retry aws ec2 associate-address");
    assert.ok(associate > 0);
    assert.ok(script.includes('ALLOCATION_ID="eipalloc-0abc"'));
    assert.ok(
      associate < script.indexOf("dnf install"),
      "packages come from the internet: after the address",
    );
    assert.ok(script.includes("X-aws-ec2-metadata-token"), "IMDSv2 token");
  });

  it("restores the PKI from the bucket, creating it only when the bucket has none", () => {
    assert.ok(script.includes('aws s3api head-object --bucket "$BUCKET" --key pki/ca.crt'));
    assert.ok(script.includes('aws s3 cp "s3://$BUCKET/pki/" . --recursive'));
    const create = script.indexOf("creating the CA");
    assert.ok(create > 0 && script.indexOf('grep -q "(404)"') < create, "creates only on a 404");
    assert.ok(
      script.includes('echo "cannot read s3://$BUCKET/pki/ca.crt: $head"\n  exit 1'),
      "any other error stops the boot",
    );
  });

  it("masquerades only client traffic into the VPC and publishes its health", () => {
    assert.ok(script.includes("ip saddr 10.250.0.0/22 ip daddr 10.30.0.0/16"));
    assert.ok(script.includes('--namespace "Platform/VPN"'));
    assert.ok(script.includes('--dimensions "Server=platform-prod-vpn"'));
    assert.ok(script.includes('"log_group_name":"/platform/platform-prod/vpn"'));
  });
});

describe("client certificate scripts", () => {
  const issue = issueClientScript({
    pkiBucket: "vpn-pki-123",
    publicIp: "203.0.113.10",
    port: 1194,
    protocol: "udp",
  });
  const revoke = revokeClientScript({ pkiBucket: "vpn-pki-123" });

  it("parse", () => {
    parses(issue);
    parses(revoke);
  });

  it("change the PKI one at a time and never keep the CA key outside the bucket", () => {
    for (const s of [issue, revoke]) {
      assert.ok(s.includes("flock 9"));
      assert.ok(s.includes("trap 'rm -rf \"$WORK\"' EXIT"));
      assert.ok(!/aws s3 (sync|cp) [^\n]*ca\.key/.test(s), "the CA key is never uploaded by these scripts");
    }
  });

  it("issue a profile for the fixed address, refusing a name that already has a valid certificate", () => {
    assert.ok(issue.includes("remote 203.0.113.10 1194"));
    assert.ok(issue.includes("already has a valid certificate"));
    assert.ok(issue.includes('aws s3 cp profile.ovpn "s3://vpn-pki-123/clients/$NAME.ovpn"'));
    assert.ok(issue.includes("-extensions client"));
  });

  it("revoke: CRL republished to the server and the bucket, profile deleted, session killed", () => {
    assert.ok(revoke.includes('openssl ca -config openssl.cnf -revoke "issued/$SERIAL.pem"'));
    assert.ok(revoke.includes("install -m 644 crl.pem /etc/openvpn/server/crl.pem"));
    assert.ok(revoke.includes('--include "crl.pem"'));
    assert.ok(revoke.includes('aws s3 rm "s3://vpn-pki-123/clients/$NAME.ovpn"'));
    assert.ok(revoke.includes("/dev/tcp/127.0.0.1/7505"));
  });
});

/**
 * The PKI scripts for real: bash and OpenSSL run them against a directory that stands in for the bucket
 * (`aws` and `openvpn --genkey` are stubbed; nothing leaves the machine).
 */
describe("the PKI, run with OpenSSL", function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vpn-pki-"));
  const bucket = path.join(dir, "s3", "bkt");
  const env = { ...process.env, PATH: `${path.join(dir, "bin")}:${process.env.PATH ?? ""}` };
  const run = (script: string): { status: number | null; out: string } => {
    const r = spawnSync("bash", ["-c", script], { env, cwd: dir, encoding: "utf8" });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const clientScript = (script: string, name: string): string =>
    script
      .replace(/\{\{ ClientName \}\}/g, name)
      .replace(/\{\{ ValidityDays \}\}/g, "30")
      .replace("/var/lock/vpn-pki.lock", path.join(dir, "lock"))
      .replace("/etc/openvpn/server/crl.pem", path.join(dir, "server-crl.pem"));
  const pkiSlice = ((): string => {
    const boot = vpnUserData({ ...PARAMS, pkiBucket: "bkt" });
    const slice = boot.slice(boot.indexOf("# 3. The PKI"), boot.indexOf("id openvpn"));
    return `set -euo pipefail\nBUCKET=bkt\nSERVER_NAME=platform-prod-vpn\n${slice}`;
  })();
  const issue = issueClientScript({
    pkiBucket: "bkt",
    publicIp: "203.0.113.10",
    port: 1194,
    protocol: "udp",
  });
  const revoke = revokeClientScript({ pkiBucket: "bkt" });

  before(() => {
    fs.mkdirSync(path.join(dir, "bin"));
    fs.mkdirSync(bucket, { recursive: true });
    const stubs: Record<string, string> = {
      // s3 cp/sync/rm and s3api head-object, on <dir>/s3/<bucket>/<key>.
      aws: `#!/bin/bash
root=${path.join(dir, "s3")}
map() { echo "$1" | sed "s#^s3://#$root/#"; }
if [ "$1" = s3api ]; then
  [ -f "$root/$4/$6" ] && exit 0
  echo "An error occurred (404) when calling the HeadObject operation: Not Found" >&2
  exit 254
fi
cmd=$2; shift 2
args=(); rec=0; inc=()
while [ $# -gt 0 ]; do
  case "$1" in
    --recursive) rec=1 ;;
    --only-show-errors) ;;
    --exclude) shift ;;
    --include) inc+=("$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
case $cmd in
  cp) src=$(map "\${args[0]}"); dst=$(map "\${args[1]}")
      if [ $rec = 1 ]; then mkdir -p "$dst"; cp -r "$src"/. "$dst"/; else mkdir -p "$(dirname "$dst")"; cp "$src" "$dst"; fi ;;
  sync) src=$(map "\${args[0]}"); dst=$(map "\${args[1]}")
      cd "$src" && for pat in "\${inc[@]}"; do for f in $pat; do
        if [ -e "$f" ]; then mkdir -p "$dst/$(dirname "$f")"; cp -r "$f" "$dst/$(dirname "$f")/"; fi
      done; done ;;
  rm) rm -f "$(map "\${args[0]}")" ;;
esac
`,
      openvpn: `#!/bin/bash
{ echo "-----BEGIN OpenVPN Static key V1-----"; head -c 256 /dev/urandom | base64; echo "-----END OpenVPN Static key V1-----"; } > "$3"
`,
      flock: "#!/bin/bash\nexit 0\n",
    };
    for (const [name, body] of Object.entries(stubs)) {
      fs.writeFileSync(path.join(dir, "bin", name), body, { mode: 0o755 });
    }
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const openssl = (...args: string[]): { status: number | null; out: string } => {
    const r = spawnSync("openssl", args, { cwd: bucket, encoding: "utf8" });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it("creates the CA once, and a second boot restores the same CA", () => {
    const first = run(pkiSlice);
    assert.strictEqual(first.status, 0, first.out);
    const ca = fs.readFileSync(path.join(bucket, "pki", "ca.crt"), "utf8");
    for (const f of ["ca.key", "server.crt", "server.key", "tc.key", "crl.pem", "index.txt", "openssl.cnf"]) {
      assert.ok(fs.existsSync(path.join(bucket, "pki", f)), f);
    }
    assert.strictEqual(
      openssl("verify", "-CAfile", "pki/ca.crt", "-purpose", "sslserver", "pki/server.crt").status,
      0,
    );
    const second = run(pkiSlice);
    assert.strictEqual(second.status, 0, second.out);
    assert.ok(!second.out.includes("creating the CA"));
    assert.strictEqual(fs.readFileSync(path.join(bucket, "pki", "ca.crt"), "utf8"), ca);
  });

  it("issues a client profile the CA verifies, and refuses a second one for the same name", () => {
    const issued = run(clientScript(issue, "alice"));
    assert.strictEqual(issued.status, 0, issued.out);
    const profile = fs.readFileSync(path.join(bucket, "clients", "alice.ovpn"), "utf8");
    const cert = /<cert>\n([\s\S]*?)<\/cert>/.exec(profile)![1];
    fs.writeFileSync(path.join(bucket, "alice.crt"), cert);
    assert.strictEqual(
      openssl("verify", "-CAfile", "pki/ca.crt", "-purpose", "sslclient", "alice.crt").status,
      0,
    );
    assert.ok(profile.includes("<tls-crypt>") && profile.includes("<key>"));
    const again = run(clientScript(issue, "alice"));
    assert.strictEqual(again.status, 1);
    assert.match(again.out, /alice already has a valid certificate \(serial 1001\); revoke it first/);
  });

  it("revokes: the CRL lists the certificate, the server gets it, the profile is gone; the name can be issued again", () => {
    const revoked = run(clientScript(revoke, "alice"));
    assert.strictEqual(revoked.status, 0, revoked.out);
    assert.strictEqual(
      openssl("verify", "-crl_check", "-CRLfile", "pki/crl.pem", "-CAfile", "pki/ca.crt", "alice.crt").status,
      2,
      "certificate revoked",
    );
    assert.strictEqual(
      fs.readFileSync(path.join(dir, "server-crl.pem"), "utf8"),
      fs.readFileSync(path.join(bucket, "pki", "crl.pem"), "utf8"),
    );
    assert.ok(!fs.existsSync(path.join(bucket, "clients", "alice.ovpn")));
    assert.strictEqual(run(clientScript(revoke, "alice")).status, 1, "nothing left to revoke");
    const reissued = run(clientScript(issue, "alice"));
    assert.strictEqual(reissued.status, 0, reissued.out);
  });
});
