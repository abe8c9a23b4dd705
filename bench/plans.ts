/**
 * The plans scenario of `npm run bench` (issue 7): how long the plan dashboards take over a big org.
 * The data (plans-data.ts: a committee of 100 branches and 5,000 members, a year plan with 2
 * required modules, 200,000 ledger entries over the year) is written before the server starts. Each
 * request is sent W times unrecorded (warm-up), then N times one after another on one connection;
 * the time is from sending to the last byte of the body. Meanwhile the CPU time of the server's
 * processes (wrangler dev's process group, from /proc) is read before and after, so a figure can be
 * split into the server's work and waiting.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DEMO_PASSWORD } from "../scripts/seed-demo.ts";
import { login } from "./contest.ts";
import { branchId, generalBranchId, PLANS_BENCH, PLANS_MEMBERS, planMember } from "./plans-data.ts";

/** The aim for the organizer's dashboard over the whole org. */
export const PLANS_DASHBOARD_AIM_MS = 300;

export type PlansRun = {
  name: string;
  request: string;
  warmup: number;
  requests: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; min: number; max: number };
  /** Size of one response body. */
  bytes: number;
  /** CPU time of the server's processes (all of wrangler dev's group) per request, over the timed requests; null off Linux. */
  serverCpuMsPerRequest: number | null;
  errors: number;
};

export type PlansScenario = {
  /** What the bench wrote (plans-data.ts). */
  data: Record<string, number>;
  /** What the committee's dashboard answered once before the load. */
  check: { members: number; onPace: number; complete: number; behindTotal: number; children: number; elapsed: number };
  runs: PlansRun[];
};

export type PlansSettings = { plansRequests: number; plansWarmup: number };

export async function runPlansScenario(
  baseUrl: string,
  settings: PlansSettings,
  serverGroupId: number | undefined,
  data: Record<string, number>,
): Promise<PlansScenario> {
  const organizer = await login(baseUrl, PLANS_BENCH.organizer.phone, DEMO_PASSWORD);
  const member = await login(baseUrl, planMember(PLANS_BENCH.memberIndex).phone, DEMO_PASSWORD);
  const committee = PLANS_BENCH.committee.id;
  const dashboard = `/api/orgs/${committee}/plan-progress`;

  const first = await fetch(`${baseUrl}${dashboard}`, { headers: { authorization: `Bearer ${organizer}` } });
  if (!first.ok) throw new Error(`GET ${dashboard} answered ${first.status}: ${await first.text()}`);
  const body = (await first.json()) as {
    elapsed: number;
    org: { members: number; onPace: number; complete: number };
    children: unknown[];
    behindTotal: number;
  };
  if (body.org.members !== PLANS_MEMBERS)
    throw new Error(`GET ${dashboard} counted ${body.org.members} members, not the bench's ${PLANS_MEMBERS}`);
  const check = {
    members: body.org.members,
    onPace: body.org.onPace,
    complete: body.org.complete,
    behindTotal: body.behindTotal,
    children: body.children.length,
    elapsed: Math.round(body.elapsed * 1000) / 1000,
  };

  const requests: { name: string; path: string; token: string }[] = [
    { name: `committee (${PLANS_MEMBERS.toLocaleString("en")})`, path: dashboard, token: organizer },
    {
      name: `general branch (${PLANS_BENCH.branchesPerGeneral * PLANS_BENCH.membersPerBranch})`,
      path: `/api/orgs/${generalBranchId(0)}/plan-progress`,
      token: organizer,
    },
    { name: `branch (${PLANS_BENCH.membersPerBranch})`, path: `/api/orgs/${branchId(0)}/plan-progress`, token: organizer },
    { name: "member: /api/me/plan", path: "/api/me/plan", token: member },
  ];
  const runs: PlansRun[] = [];
  for (const r of requests) {
    console.log(`load: GET ${r.path} — ${r.name}: ${settings.plansWarmup} warm-up, then ${settings.plansRequests} one after another`);
    runs.push(await timeRequest(baseUrl, r, settings, serverGroupId));
  }
  return { data, check, runs };
}

async function timeRequest(
  baseUrl: string,
  r: { name: string; path: string; token: string },
  settings: PlansSettings,
  serverGroupId: number | undefined,
): Promise<PlansRun> {
  const headers = { authorization: `Bearer ${r.token}` };
  let errors = 0;
  let bytes = 0;
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${r.path}`, { headers });
    const text = await res.arrayBuffer();
    const ms = performance.now() - started;
    if (!res.ok) errors += 1;
    bytes = text.byteLength;
    return ms;
  };
  for (let i = 0; i < settings.plansWarmup; i++) await once();
  errors = 0;
  const cpuBefore = serverGroupId ? groupCpuMs(serverGroupId) : null;
  const times: number[] = [];
  for (let i = 0; i < settings.plansRequests; i++) times.push(await once());
  const cpuAfter = serverGroupId ? groupCpuMs(serverGroupId) : null;
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? 0);
  return {
    name: r.name,
    request: `GET ${r.path}`,
    warmup: settings.plansWarmup,
    requests: times.length,
    latencyMs: {
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      mean: round(times.reduce((s, t) => s + t, 0) / Math.max(1, times.length)),
      min: round(times[0] ?? 0),
      max: round(times.at(-1) ?? 0),
    },
    bytes,
    serverCpuMsPerRequest:
      cpuBefore !== null && cpuAfter !== null && times.length > 0 ? round((cpuAfter - cpuBefore) / times.length) : null,
    errors,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** CPU time (user + system) used so far by every process of the group, in ms (Linux /proc; 10 ms ticks). */
function groupCpuMs(groupId: number): number | null {
  let ticks = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) !== groupId) continue;
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // Gone between the listing and the read.
      }
    }
  } catch {
    return null;
  }
  return ticks * 10;
}
