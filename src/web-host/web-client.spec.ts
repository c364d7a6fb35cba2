import { isServerPath } from './web-client.js';

describe('isServerPath', () => {
  it('leaves the API, sockets, probes and well-known documents to the server', () => {
    for (const path of ['/api', '/api/me', '/api/docs', '/socket.io/', '/health', '/metrics', '/.well-known/openpgpkey/hu/x']) {
      expect(isServerPath(path)).toBe(true);
    }
  });

  it('gives every other path to the web client, also ones that merely start alike', () => {
    for (const path of ['/', '/cases/1', '/verify/ABCDE-FGHJK', '/invitation/tok', '/apiary', '/healthy', '/assets/index.js']) {
      expect(isServerPath(path)).toBe(false);
    }
  });
});
