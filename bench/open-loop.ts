// A true open-loop load: requests leave at evenly spaced moments whatever the server does, and each
// latency counts from the moment its request was due (so a slow server cannot hide its queue).
// autocannon's `overallRate` is no open loop: every connection fires its whole per-second quota at
// the top of each second, so "500 req/s" arrives as one burst of 500 requests per second.
import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  offered: number;
  answered: number;
  /** Requests per second actually completed. */
  rate: number;
  p50: number;
  p99: number;
  failures: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function openLoop(url: string, options: { rate: number; seconds: number; headers?: Record<string, string>; connections?: number }): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const target = new URL(url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  const send = (due: number) => new Promise<void>((resolve) => {
    // Sent late: count from when it was due (the generator's own delay is the server's problem too);
    // sent up to a millisecond early: count from the actual send.
    const from = Math.min(due, performance.now());
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers: options.headers, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode && res.statusCode < 300) latencies.push(performance.now() - from); else failures++;
        resolve();
      });
    });
    req.on('error', () => { failures++; resolve(); });
    req.end();
  });
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(due));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { offered: options.rate, answered: latencies.length, rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}
