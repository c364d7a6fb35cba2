import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { bearer, type TestUser } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { caseWorld, createCase, type CaseWorld } from './cases.helpers.js';
import { connectSocket, nextEvent, noEvent } from './messaging-fixtures.js';

/** Issue 18: one family, one plan — who may add and change what, consent, drop reasons, live pushes, results, the PDF. */
describe('one family, one plan (e2e)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let caseId: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    caseId = await createCase(t, w.counsellor, 'Familie Plan', [[w.parent, 'parent'], [w.partner, 'guardian'], [w.foster, 'foster_parent']]);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const plan = (user: TestUser) => t.http().get(`/api/cases/${caseId}/plan`).set(bearer(user));
  const addGoal = (user: TestUser, body: object) => t.http().post(`/api/cases/${caseId}/plan/goals`).set(bearer(user)).send(body);
  const patchGoal = (user: TestUser, goalId: string, body: object) => t.http().patch(`/api/cases/${caseId}/plan/goals/${goalId}`).set(bearer(user)).send(body);
  const socketOf = async (user: TestUser) => {
    const s = await connectSocket(t.baseUrl, { token: user.token });
    sockets.push(s);
    return s;
  };

  let parentGoalId: string;
  let teamGoalId: string;

  it('lets a parent add their own goal, and not one of the team', async () => {
    const res = await addGoal(w.parent, { title: 'Mijn kinderen elke week zien', description: 'Eerst begeleid, later thuis.', owner: 'parent', ownerUserId: w.parent.id }).expect(201);
    expect(res.body).toMatchObject({ title: 'Mijn kinderen elke week zien', owner: 'parent', ownerUserId: w.parent.id, ownerDisplayName: 'Olga Ouder', status: 'open', createdBy: w.parent.id, droppedBy: null, actions: [] });
    parentGoalId = res.body.id;
    const refused = await addGoal(w.parent, { title: 'Teamdoel', owner: 'team' }).expect(403);
    expect(refused.body.code).toBe('family_goals_only');
    // A partner writes no goals at all; the guard refuses before any case is looked at.
    await addGoal(w.partner, { title: 'Partnerdoel', owner: 'partner' }).expect(403);
    teamGoalId = (await addGoal(w.counsellor, { title: 'Een vaste gezinsvoogd', owner: 'team' }).expect(201)).body.id;
    const goals = (await plan(w.parent).expect(200)).body.goals;
    expect(goals.map((g: { id: string }) => g.id)).toEqual([parentGoalId, teamGoalId]);
  });

  it('refuses unknown owners, statuses and people with 400 naming the field, and writes nothing', async () => {
    const owner = await addGoal(w.counsellor, { title: 'X', owner: 'grandma' }).expect(400);
    expect(JSON.stringify(owner.body.message)).toContain('owner');
    const status = await patchGoal(w.counsellor, teamGoalId, { status: 'finished' }).expect(400);
    expect(JSON.stringify(status.body.message)).toContain('status');
    const stranger = await t.factories.user('parent');
    const person = await addGoal(w.counsellor, { title: 'X', owner: 'parent', ownerUserId: stranger.id }).expect(400);
    expect(person.body).toMatchObject({ code: 'not_in_case', field: 'ownerUserId' });
    const extra = await addGoal(w.counsellor, { title: 'X', owner: 'team', colour: 'red' }).expect(400);
    expect(JSON.stringify(extra.body.message)).toContain('colour');
    expect((await plan(w.counsellor).expect(200)).body.goals).toHaveLength(2);
  });

  it('refuses a partner without plan consent (403, like the story), and shows the plan after consent', async () => {
    const refused = await plan(w.partner).expect(403);
    expect(refused.body).toMatchObject({ code: 'consent_required', scope: 'plan' });
    await t.http().post(`/api/cases/${caseId}/consents`).set(bearer(w.parent)).send({ granteeUserId: w.partner.id, scopes: ['plan'] }).expect(201);
    const seen = await plan(w.partner).expect(200);
    expect(seen.body.goals.map((g: { title: string }) => g.title)).toEqual(['Mijn kinderen elke week zien', 'Een vaste gezinsvoogd']);
    // The foster parent has no consent: still refused.
    await plan(w.foster).expect(403);
  });

  it('makes a professional say why they drop a goal of the parent, and shows the parent who and why', async () => {
    const noReason = await patchGoal(w.counsellor, parentGoalId, { status: 'dropped' }).expect(400);
    expect(noReason.body).toMatchObject({ code: 'reason_required', field: 'reason' });
    await patchGoal(w.counsellor, parentGoalId, { status: 'dropped', reason: '   ' }).expect(400);
    expect((await plan(w.parent)).body.goals[0].status).toBe('open');
    const dropped = await patchGoal(w.counsellor, parentGoalId, { status: 'dropped', reason: 'De rechter besliste anders; we zoeken samen een nieuw doel.' }).expect(200);
    expect(dropped.body).toMatchObject({ status: 'dropped', droppedBy: { id: w.counsellor.id, displayName: 'Bram Begeleider' }, droppedReason: 'De rechter besliste anders; we zoeken samen een nieuw doel.' });
    const parentView = (await plan(w.parent).expect(200)).body.goals[0];
    expect(parentView).toMatchObject({ droppedBy: { displayName: 'Bram Begeleider' }, droppedReason: expect.stringContaining('rechter') });
    const log = await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200);
    const entry = log.body.items.find((e: { action: string }) => e.action === 'case.plan.goal.dropped');
    expect(entry.description).toContain('Bram Begeleider');
    expect(entry.description).toContain('stopte met een doel in het plan');
    // The parent reopens their own goal (no reason needed for them), and may drop it without one.
    await patchGoal(w.parent, parentGoalId, { status: 'in_progress' }).expect(200);
    expect((await plan(w.parent)).body.goals[0]).toMatchObject({ status: 'in_progress', droppedBy: null, droppedReason: null });
    // A parent cannot change the team's goal, nor hand their own goal to the team.
    expect((await patchGoal(w.parent, teamGoalId, { title: 'Anders' }).expect(403)).body.code).toBe('family_goals_only');
    await patchGoal(w.parent, parentGoalId, { owner: 'team' }).expect(403);
    await patchGoal(w.parent, parentGoalId, { owner: 'family' }).expect(200);
  });

  it('lets a partner change only the status of an action they own', async () => {
    const action = await t.http().post(`/api/cases/${caseId}/plan/goals/${teamGoalId}/actions`).set(bearer(w.counsellor))
      .send({ title: 'Kennismaken met de nieuwe gezinsvoogd', ownerUserId: w.partner.id, dueDate: '2026-03-01', recurrence: 'none' }).expect(201);
    expect(action.body).toMatchObject({ ownerUserId: w.partner.id, status: 'open', dueDate: '2026-03-01', doneAt: null });
    const other = await t.http().post(`/api/cases/${caseId}/plan/goals/${teamGoalId}/actions`).set(bearer(w.counsellor))
      .send({ title: 'Verslag delen', ownerUserId: w.counsellor.id, recurrence: 'monthly' }).expect(201);
    const url = (id: string) => `/api/cases/${caseId}/plan/goals/${teamGoalId}/actions/${id}`;
    const done = await t.http().patch(url(action.body.id)).set(bearer(w.partner)).send({ status: 'done' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', doneAt: expect.any(String) });
    expect((await t.http().patch(url(action.body.id)).set(bearer(w.partner)).send({ title: 'Anders' }).expect(403)).body.code).toBe('action_status_only');
    await t.http().patch(url(other.body.id)).set(bearer(w.partner)).send({ status: 'doing' }).expect(403);
    const bad = await t.http().patch(url(other.body.id)).set(bearer(w.counsellor)).send({ recurrence: 'daily' }).expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('recurrence');
    // A parent marks their own step on the team's goal as done, and changes nothing else of it.
    const step = await t.http().post(`/api/cases/${caseId}/plan/goals/${teamGoalId}/actions`).set(bearer(w.counsellor))
      .send({ title: 'Papieren van de woningbouw opsturen', ownerUserId: w.parent.id }).expect(201);
    await t.http().patch(url(step.body.id)).set(bearer(w.parent)).send({ status: 'done' }).expect(200);
    expect((await t.http().patch(url(step.body.id)).set(bearer(w.parent)).send({ title: 'Anders' }).expect(403)).body.code).toBe('family_goals_only');
    await t.http().patch(url(other.body.id)).set(bearer(w.parent)).send({ status: 'done' }).expect(403);
    // Another goal's path does not reach the action.
    await t.http().patch(`/api/cases/${caseId}/plan/goals/${parentGoalId}/actions/${action.body.id}`).set(bearer(w.counsellor)).send({ status: 'open' }).expect(404);
  });

  it('pushes plan:update to everyone who may read the plan, and no longer to a removed participant', async () => {
    const [parent, partner, foster] = [await socketOf(w.parent), await socketOf(w.partner), await socketOf(w.foster)];
    const heard = Promise.all([nextEvent(parent, 'plan:update'), nextEvent(partner, 'plan:update')]);
    const silentFoster = noEvent(foster, 'plan:update', 1000);
    await addGoal(w.counsellor, { title: 'Een huis met twee slaapkamers', owner: 'family' }).expect(201);
    expect(await heard).toEqual([{ caseId }, { caseId }]);
    expect(await silentFoster).toBe(true);

    await t.http().delete(`/api/cases/${caseId}/participants/${w.partner.id}`).set(bearer(w.counsellor)).expect(204);
    const silentPartner = noEvent(partner, 'plan:update', 1000);
    const parentHears = nextEvent(parent, 'plan:update');
    await patchGoal(w.counsellor, teamGoalId, { status: 'in_progress' }).expect(200);
    await parentHears;
    expect(await silentPartner).toBe(true);
    await plan(w.partner).expect(404);
  });

  it('links a result to a goal of the same case only', async () => {
    const res = await t.http().post(`/api/cases/${caseId}/results`).set(bearer(w.counsellor)).send({ kind: 'visiting_arrangement', date: '2026-01-10', goalId: parentGoalId }).expect(201);
    expect(res.body.goalId).toBe(parentGoalId);
    const otherCase = await createCase(t, w.counsellor, 'Ander gezin', [[w.parent, 'parent']]);
    const foreignGoal = (await t.http().post(`/api/cases/${otherCase}/plan/goals`).set(bearer(w.counsellor)).send({ title: 'Elders', owner: 'team' }).expect(201)).body.id;
    const refused = await t.http().post(`/api/cases/${caseId}/results`).set(bearer(w.counsellor)).send({ kind: 'therapy', date: '2026-01-10', goalId: foreignGoal }).expect(400);
    expect(refused.body).toMatchObject({ code: 'unknown_goal', field: 'goalId' });
    const results = (await t.http().get(`/api/cases/${caseId}/results`).set(bearer(w.parent)).expect(200)).body;
    expect(results).toHaveLength(1);
    expect(results[0].goalId).toBe(parentGoalId);
  });

  it('gives plan.pdf one readable page per goal, in plain Dutch', async () => {
    const res = await t.http().get(`/api/cases/${caseId}/plan.pdf`).set(bearer(w.parent)).buffer(true)
      .parse((r, cb) => { const chunks: Buffer[] = []; r.on('data', (c: Buffer) => chunks.push(c)); r.on('end', () => cb(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-pdf-'));
    writeFileSync(path.join(dir, 'plan.pdf'), res.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'plan.pdf'), '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('Mijn kinderen elke week zien');
    expect(pages[0]).toContain('Doel van het gezin');
    expect(pages[0]).toContain('Hier werken we aan');
    expect(pages[1]).toContain('Een vaste gezinsvoogd');
    expect(pages[1]).toContain('Kennismaken met de nieuwe gezinsvoogd (klaar)');
    expect(pages[1]).toContain('Papieren van de woningbouw opsturen (klaar)');
    expect(pages[1]).toContain('elke maand');
    expect(pages[2]).toContain('Een huis met twee slaapkamers');
    const log = await t.http().get(`/api/cases/${caseId}/access-log`).set(bearer(w.parent)).expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('case.plan.pdf');
  });
});
