import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { amsterdamMonth } from '../src/reports/reports.service.js';
import { todayInNetherlands } from '../src/shared/dates.js';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';

/** Issue 18: the monthly monitor's plan figures, in JSON, CSV and PDF, from plans made over the API. */
describe('the monthly monitor counts the plans (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const month = amsterdamMonth(new Date());
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    const goal = (user: TestUser, caseId: string, owner: string, title = `Doel ${owner}`) =>
      t.http().post(`/api/cases/${caseId}/plan/goals`).set(bearer(user)).send({ title, owner }).expect(201).then((r) => r.body.id as string);
    const a = await createCase(t, w.counsellor, 'Gezin A', [[w.parent, 'parent']]);
    const b = await createCase(t, w.counsellor, 'Gezin B', [[w.parent, 'parent']]);
    await createCase(t, w.counsellor, 'Gezin C (nog geen plan)');
    const own = await goal(w.parent, a, 'parent');
    await goal(w.parent, a, 'child');
    const team = await goal(w.counsellor, a, 'team');
    await goal(w.counsellor, b, 'team');
    await goal(w.counsellor, b, 'partner');
    await t.http().patch(`/api/cases/${a}/plan/goals/${team}`).set(bearer(w.counsellor)).send({ status: 'achieved' }).expect(200);
    await t.http().patch(`/api/cases/${a}/plan/goals/${own}`).set(bearer(w.counsellor)).send({ status: 'dropped', reason: 'Samen besloten.' }).expect(200);
    await t.http().post(`/api/cases/${a}/results`).set(bearer(w.counsellor)).send({ kind: 'therapy', date: todayInNetherlands(), goalId: own }).expect(201);
    await t.http().post(`/api/cases/${a}/results`).set(bearer(w.counsellor)).send({ kind: 'housing', date: todayInNetherlands() }).expect(201);
  });
  afterAll(() => t.close());

  it('gives goals by owner and status, the share of cases with a goal of the parents\' own, and results towards a goal', async () => {
    const report = (await t.http().get('/api/reports/monthly').query({ month }).set(bearer(w.coordinator)).expect(200)).body;
    expect(report.plan.goals).toMatchObject({
      total: 5,
      byOwner: { parent: 1, child: 1, family: 0, team: 2, partner: 1 },
      byStatus: { open: 3, in_progress: 0, achieved: 1, dropped: 1 },
      byOwnerAndStatus: { parent: { dropped: 1, open: 0 }, team: { open: 1, achieved: 1 } },
    });
    // Three cases in view; one of them has a goal of the parents' own (a child's goal is not one).
    expect(report.plan).toMatchObject({ casesWithGoals: 2, casesWithParentGoal: 1, casesWithParentGoalPct: 33, resultsLinkedToGoals: { thisMonth: 1, cumulative: 1 } });
    const published = (await t.http().get('/api/reports/monthly').query({ month, publish: 'true' }).set(bearer(w.coordinator)).expect(200)).body;
    expect(published.plan).toMatchObject({ casesWithParentGoal: '<5', casesWithParentGoalPct: null, goals: { total: 5 } });
  });

  it('puts the same figures in the CSV and a readable section in the PDF', async () => {
    const csv = (await t.http().get('/api/reports/monthly.csv').query({ month }).set(bearer(w.coordinator)).expect(200)).text;
    expect(csv).toContain('plan.casesWithParentGoalPct,Dossiers met een eigen doel van de ouders (% van de gezinnen in beeld),33,,');
    expect(csv).toContain('plan.goals.byOwner.team,Doelen van: het team,2,,');
    expect(csv).toContain('plan.resultsLinkedToGoals.cumulative,');
    const res = await t.http().get('/api/reports/monthly.pdf').query({ month }).set(bearer(w.coordinator)).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-pdf-')), 'report.pdf');
    writeFileSync(file, res.body as Buffer);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Eén gezin, één plan');
    expect(text).toContain('In 2 dossiers staat een plan met doelen. In 1 dossiers (33% van de gezinnen in beeld) hebben de ouders minstens één eigen doel.');
  });
});
