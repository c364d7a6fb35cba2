import { caseWorld, createCase, createThread, type CaseWorld } from '../cases.helpers.js';
import { createTestAppAtOrigin, launchBrowser, type TestBrowser } from './browser.js';
import type { TestApp } from './test-app.js';

export interface LiveCase {
  t: TestApp;
  b: TestBrowser;
  w: CaseWorld;
  /** PUBLIC_URL's origin, where the browser must come from (the socket.io handshake checks it). */
  origin: string;
  forwarder: { close(): Promise<void> };
  caseId: string;
  /** A conversation of the lead counsellor with the parent. */
  threadId: string;
  close(): Promise<void>;
}

/** The scene of the live browser tests: the portal at its public origin, a case with the parent, one conversation, a browser. */
export async function liveCase(env: Record<string, string>, titles: { caseTitle: string; threadTitle: string }): Promise<LiveCase> {
  const { t, origin, forwarder } = await createTestAppAtOrigin({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', ...env });
  const w = await caseWorld(t);
  const caseId = await createCase(t, w.counsellor, titles.caseTitle, [[w.parent, 'parent']]);
  const threadId = await createThread(t, w.counsellor, caseId, titles.threadTitle, [w.parent]);
  const b = await launchBrowser();
  return {
    t, b, w, origin, forwarder, caseId, threadId,
    async close() {
      await b.close();
      await forwarder.close();
      await t.close();
    },
  };
}
