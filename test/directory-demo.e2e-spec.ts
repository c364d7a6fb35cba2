import { createTestApp, type TestApp } from './helpers/test-app.js';

/** `npm run demo` fills the help directory with invented services, each marked as demo (issue 20). */
describe('demo help directory (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEMO: 'true' });
  }, 60_000);
  afterAll(() => t.close());

  it('offers fictional services in several regions and themes, every one marked as demo in its name, text and data', async () => {
    const { items } = (await t.http().get('/api/directory/services?limit=200').expect(200)).body as {
      items: { name: string; description: string; isDemo: boolean; themes: string[]; regionCodes: string[]; organization: { name: string } }[];
    };
    expect(items.length).toBeGreaterThanOrEqual(8);
    for (const s of items) {
      expect(s.isDemo).toBe(true);
      expect(s.name).toContain('(demo)');
      expect(s.organization.name).toContain('(demo)');
      expect(s.description).toContain('verzonnen voorbeeld (demo)');
    }
    expect(new Set(items.flatMap((s) => s.themes)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(items.flatMap((s) => s.regionCodes)).size).toBeGreaterThanOrEqual(5);
    expect(items.some((s) => s.regionCodes.length === 0)).toBe(true); // nationwide ones too
    // Searching the demo data works as for real data.
    const debts = (await t.http().get('/api/directory/services').query({ q: 'schulden', region: 'rijnmond' }).expect(200)).body.items;
    expect(debts.map((s: { name: string }) => s.name)).toContain('Schuldhulp op maat (demo)');
  });
});
