import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * src/runtime-flags.ts keeps Node 24 from reclaiming short-lived Buffers with full mark-compacts
 * (nodejs/node#61967). Two real Node processes each churn 400 MiB of 64 KiB Buffers and count their
 * major garbage collections: without the module V8 13.6 runs several, with it none or one.
 */
const FLAGS = path.resolve('dist/src/runtime-flags.js'); // compiled by `npm test`
const CHURN = `
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  let majors = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
  }).observe({ entryTypes: ['gc'] });
  let sink = 0;
  for (let i = 0; i < 6400; i++) { const chunk = Buffer.allocUnsafe(64 * 1024); chunk[0] = i; sink += chunk[0]; }
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.stdout.write(JSON.stringify({ majors, sink }));
`;

function majorCollections(args: string[]): number {
  const out = execFileSync(process.execPath, [...args, '--input-type=module', '-e', CHURN], { encoding: 'utf8', timeout: 60_000 });
  return (JSON.parse(out) as { majors: number }).majors;
}

describe('runtime flags (e2e)', () => {
  it('main.ts imports them before anything else', () => {
    const firstImport = readFileSync(path.resolve('src/main.ts'), 'utf8').split('\n').find((line) => line.startsWith('import '));
    expect(firstImport).toBe("import './runtime-flags.js';");
  });

  it('short-lived Buffers are reclaimed by scavenges, not by full collections of the heap', () => {
    const withFlags = majorCollections(['--import', FLAGS]);
    expect(withFlags).toBeLessThanOrEqual(1);
    // Without them, Node 24 (V8 13.6) collects the whole heap several times for the same churn.
    if (Number(process.versions.v8.split('.')[0]) >= 13) expect(majorCollections([])).toBeGreaterThan(withFlags + 1);
  });
});
