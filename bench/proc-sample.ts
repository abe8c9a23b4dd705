/**
 * What the server's processes did during a load: every few hundred ms, the CPU time, memory, threads
 * and open file descriptors of each process in wrangler dev's process group (wrangler's Node process
 * and the workerd it runs), read from /proc. Linux only; elsewhere it records nothing. A process at
 * ~100% of one core with a single busy thread is a process that cannot go faster by being given more.
 */
import { readdirSync, readFileSync } from "node:fs";

type Sample = {
  at: number;
  pid: number;
  name: string;
  cpuTicks: number;
  rssBytes: number;
  threads: number;
  fds: number;
  /** CPU ticks per thread (tid → ticks): whether one thread does the work. */
  threadTicks: Map<number, number>;
  /** write(2)-family calls and bytes sent to the disk so far (/proc/<pid>/io), when readable. */
  writeCalls: number;
  diskWriteBytes: number;
};

export type ProcPeak = {
  pid: number;
  name: string;
  /** Highest CPU use over one sampling interval, in % of one core; and the mean over the window. */
  peakCpuPercent: number;
  meanCpuPercent: number;
  /** The busiest thread alone: mean over the window and peak over one interval, in % of one core. */
  busiestThreadMeanPercent: number;
  busiestThreadPeakPercent: number;
  /** write(2)-family calls per second, and MB written to the disk, over the window. */
  writeCallsPerSecond: number;
  diskWriteMB: number;
  peakRssMiB: number;
  peakThreads: number;
  peakFds: number;
  /** The process's own limit on open files (soft), which its descriptors count against. */
  openFilesLimit: number | null;
};

export type PhaseUsage = {
  name: string;
  seconds: number;
  /** The whole machine: CPU busy and waiting on I/O, in % of all its cores together. */
  machineBusyPercent: number;
  machineIowaitPercent: number;
  processes: ProcPeak[];
};

type MachineSample = { at: number; busy: number; iowait: number; total: number };

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

export class ProcSampler {
  private readonly samples: Sample[] = [];
  private readonly machine: MachineSample[] = [];
  private readonly limits = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly groupId: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.take();
    this.timer = setInterval(() => this.take(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.take();
  }

  /** Per process of the group, over [from, to] (epoch ms). */
  usage(name: string, from: number, to: number): PhaseUsage {
    const byPid = new Map<number, Sample[]>();
    for (const s of this.samples) {
      if (s.at < from - this.intervalMs || s.at > to + this.intervalMs) continue;
      byPid.set(s.pid, [...(byPid.get(s.pid) ?? []), s]);
    }
    const processes: ProcPeak[] = [];
    for (const [pid, list] of byPid) {
      if (list.length < 2) continue;
      let peak = 0;
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as Sample;
        const b = list[i] as Sample;
        const seconds = (b.at - a.at) / 1000;
        if (seconds > 0) peak = Math.max(peak, ((b.cpuTicks - a.cpuTicks) / TICKS_PER_SECOND / seconds) * 100);
      }
      const first = list[0] as Sample;
      const last = list.at(-1) as Sample;
      const span = (last.at - first.at) / 1000;
      const percent = (ticks: number, seconds: number) => (seconds > 0 ? Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) : 0);
      let threadMean = 0;
      for (const [tid, ticks] of last.threadTicks)
        threadMean = Math.max(threadMean, percent(ticks - (first.threadTicks.get(tid) ?? 0), span));
      let threadPeak = 0;
      for (let i = 1; i < list.length; i++) {
        const a = list[i - 1] as Sample;
        const b = list[i] as Sample;
        for (const [tid, ticks] of b.threadTicks)
          threadPeak = Math.max(threadPeak, percent(ticks - (a.threadTicks.get(tid) ?? ticks), (b.at - a.at) / 1000));
      }
      processes.push({
        pid,
        name: first.name,
        peakCpuPercent: Math.round(peak),
        meanCpuPercent: percent(last.cpuTicks - first.cpuTicks, span),
        busiestThreadMeanPercent: threadMean,
        busiestThreadPeakPercent: threadPeak,
        writeCallsPerSecond: span > 0 ? Math.round((last.writeCalls - first.writeCalls) / span) : 0,
        diskWriteMB: Math.round((last.diskWriteBytes - first.diskWriteBytes) / 1e5) / 10,
        peakRssMiB: Math.round(Math.max(...list.map((s) => s.rssBytes)) / 2 ** 20),
        peakThreads: Math.max(...list.map((s) => s.threads)),
        peakFds: Math.max(...list.map((s) => s.fds)),
        openFilesLimit: this.limits.get(pid) ?? null,
      });
    }
    processes.sort((a, b) => b.meanCpuPercent - a.meanCpuPercent);
    const window = this.machine.filter((m) => m.at >= from - this.intervalMs && m.at <= to + this.intervalMs);
    const [m0, m1] = [window[0], window.at(-1)];
    const total = m0 && m1 ? m1.total - m0.total : 0;
    return {
      name,
      seconds: Math.round((to - from) / 100) / 10,
      machineBusyPercent: m0 && m1 && total > 0 ? Math.round(((m1.busy - m0.busy) / total) * 100) : 0,
      machineIowaitPercent: m0 && m1 && total > 0 ? Math.round(((m1.iowait - m0.iowait) / total) * 100) : 0,
      processes: processes.filter((p) => p.meanCpuPercent > 0 || p.peakFds > 50),
    };
  }

  private take(): void {
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    const at = Date.now();
    try {
      // cpu  user nice system idle iowait irq softirq steal …
      const cpu = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").split(/\s+/).slice(1, 9).map(Number);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpu;
      const busy = user + nice + system + irq + softirq + steal;
      this.machine.push({ at, busy, iowait, total: busy + idle + iowait });
    } catch {
      // No /proc/stat.
    }
    for (const pid of pids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        // pid (comm) state ppid pgrp …: comm may hold spaces, so split after its closing parenthesis.
        const close = stat.lastIndexOf(")");
        const name = stat.slice(stat.indexOf("(") + 1, close);
        const fields = stat.slice(close + 2).split(" ");
        if (Number(fields[2]) !== this.groupId) continue;
        const threadTicks = new Map<number, number>();
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          try {
            const t = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
            const f = t.slice(t.lastIndexOf(")") + 2).split(" ");
            threadTicks.set(Number(tid), Number(f[11]) + Number(f[12]));
          } catch {
            // The thread ended.
          }
        }
        const io = readIo(pid);
        if (!this.limits.has(Number(pid))) {
          const soft = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"))?.[1];
          if (soft) this.limits.set(Number(pid), Number(soft));
        }
        this.samples.push({
          at,
          pid: Number(pid),
          name,
          cpuTicks: Number(fields[11]) + Number(fields[12]),
          threads: Number(fields[17]),
          rssBytes: Number(fields[21]) * PAGE_BYTES,
          fds: readdirSync(`/proc/${pid}/fd`).length,
          threadTicks,
          writeCalls: io.syscw,
          diskWriteBytes: io.write_bytes,
        });
      } catch {
        // Gone between the listing and the read.
      }
    }
  }
}

function readIo(pid: string): { syscw: number; write_bytes: number } {
  try {
    const fields = Object.fromEntries(
      readFileSync(`/proc/${pid}/io`, "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(": ")),
    ) as Record<string, string>;
    return { syscw: Number(fields.syscw ?? 0), write_bytes: Number(fields.write_bytes ?? 0) };
  } catch {
    return { syscw: 0, write_bytes: 0 };
  }
}
