import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The first route (entry chunk and everything it imports statically) must stay under this, gzipped. */
const FIRST_ROUTE_BUDGET_BYTES = 300 * 1024;

interface ChunkInfo { type: 'chunk' | 'asset'; fileName: string; code?: string; source?: string | Uint8Array; isEntry?: boolean; imports?: string[]; facadeModuleId?: string | null; viteMetadata?: { importedCss: Set<string> } }

/** Prints every file's gzipped size and the first route's JavaScript total; fails the build over budget. */
function bundleReport(): Plugin {
  return {
    name: 'eenverhaal-bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle) as unknown as ChunkInfo[];
      const gz = (f: ChunkInfo) => gzipSync(f.type === 'chunk' ? (f.code ?? '') : (f.source ?? '')).length;
      const byName = new Map(files.map((f) => [f.fileName, f]));
      const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
      const closure = (start: string[]) => {
        const seen = new Set<string>();
        const visit = (name: string) => {
          if (seen.has(name)) return;
          seen.add(name);
          const chunk = byName.get(name);
          for (const css of chunk?.viteMetadata?.importedCss ?? []) seen.add(css);
          for (const dep of chunk?.imports ?? []) visit(dep);
        };
        start.forEach(visit);
        return seen;
      };
      const firstRoute = closure(entry ? [entry.fileName] : []);
      // A parent's first visit: the entry, then the home screen's chunk (loaded right after login).
      const home = files.find((f) => f.type === 'chunk' && f.facadeModuleId?.endsWith('HomeScreen.tsx'));
      const parentHome = closure([...(entry ? [entry.fileName] : []), ...(home ? [home.fileName] : [])]);
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      const rows = files
        .filter((f) => /\.(js|css)$/.test(f.fileName))
        .map((f) => ({ name: f.fileName, gzip: gz(f), first: firstRoute.has(f.fileName) }))
        .sort((a, b) => b.gzip - a.gzip);
      const firstJs = rows.filter((r) => r.first && r.name.endsWith('.js')).reduce((sum, r) => sum + r.gzip, 0);
      const homeJs = rows.filter((r) => parentHome.has(r.name) && r.name.endsWith('.js')).reduce((sum, r) => sum + r.gzip, 0);
      const homeCss = rows.filter((r) => parentHome.has(r.name) && r.name.endsWith('.css')).reduce((sum, r) => sum + r.gzip, 0);
      const lines = ['', 'Eenverhaal web client, gzipped sizes (* = loaded on the first route):'];
      for (const r of rows) lines.push(`  ${r.first ? '*' : ' '} ${r.name.padEnd(48)} ${kib(r.gzip).padStart(10)}`);
      lines.push(`  First route JavaScript: ${kib(firstJs)} gzipped (budget ${kib(FIRST_ROUTE_BUDGET_BYTES)})`);
      lines.push(`  Parent's home page, cold cache: ${kib(homeJs)} JavaScript + ${kib(homeCss)} CSS gzipped (openpgp.js is not in it)`, '');
      console.log(lines.join('\n'));
      if (Math.max(firstJs, homeJs) > FIRST_ROUTE_BUDGET_BYTES) this.error(`First route JavaScript ${kib(Math.max(firstJs, homeJs))} exceeds the budget of ${kib(FIRST_ROUTE_BUDGET_BYTES)}`);
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  plugins: [bundleReport()],
  oxc: { jsx: { runtime: 'automatic' } },
  worker: { format: 'es' },
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    // Old hashed files stay: a tab opened before a new build still finds its lazy chunks (and a
    // concurrent test run is not pulled from under its feet).
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
      '/health': 'http://127.0.0.1:3000',
    },
  },
});
