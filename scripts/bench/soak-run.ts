// A soak: the mock at full load for a while with valid, invalid and forced-status requests mixed. It holds
// when no 5xx came back (none is asked for), no socket failed, and memory grew by at most 20%.
import { type LoadResult, runLoad } from './load';
import { ROOT, rssMiB, startServer } from './servers';

export interface SoakResult {
  seconds: number;
  connections: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  growthPct: number;
  unexpected5xx: number;
  load: LoadResult;
  holds: boolean;
}

export async function soak(seconds: number, connections = 50): Promise<SoakResult> {
  const server = await startServer('ours', `${ROOT}/openapi/xtrakit.yaml`);
  try {
    await runLoad(server.base, 'soak', connections, 5); // warm-up, so the baseline includes what JIT and caches keep
    const rssBeforeMiB = rssMiB(server.child.pid);
    const load = await runLoad(server.base, 'soak', connections, seconds);
    const rssAfterMiB = rssMiB(server.child.pid);
    const growthPct = Math.round(((rssAfterMiB - rssBeforeMiB) / rssBeforeMiB) * 1000) / 10;
    const unexpected5xx = Object.entries(load.statusCounts)
      .filter(([code]) => code.startsWith('5'))
      .reduce((n, [, count]) => n + count, 0);
    const holds =
      unexpected5xx === 0 &&
      load.errors === 0 &&
      load.timeouts === 0 &&
      growthPct <= 20 &&
      server.child.exitCode === null;
    return { seconds, connections, rssBeforeMiB, rssAfterMiB, growthPct, unexpected5xx, load, holds };
  } finally {
    await server.stop();
  }
}

export function describeSoak(r: SoakResult): string {
  const codes = Object.entries(r.load.statusCounts)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  return (
    `${r.seconds} s at ${r.connections} connections: ${r.load.total} requests (${r.load.requestsPerSecond} req/s; ${codes}), ` +
    `${r.unexpected5xx} unexpected 5xx, ${r.load.errors} socket errors, ${r.load.timeouts} timeouts; ` +
    `RSS ${r.rssBeforeMiB} MiB → ${r.rssAfterMiB} MiB (${r.growthPct >= 0 ? '+' : ''}${r.growthPct}%)`
  );
}
