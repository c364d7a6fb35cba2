import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import { securityHeaders } from './security-headers.js';

function response(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  return { req, res: new ServerResponse(req) };
}

const options: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
};

describe('securityHeaders', () => {
  it('sets exactly the headers helmet sets, and removes what helmet removes', () => {
    const byHelmet = response();
    byHelmet.res.setHeader('X-Powered-By', 'a framework');
    helmet(options)(byHelmet.req, byHelmet.res, () => undefined);

    const ours = response();
    ours.res.setHeader('X-Powered-By', 'a framework');
    securityHeaders(options)(ours.res);

    expect(ours.res.getHeaders()).toEqual(byHelmet.res.getHeaders());
    expect(ours.res.getHeader('content-security-policy')).toBe("default-src 'self';object-src 'none';frame-ancestors 'none'");
    expect(ours.res.getHeader('x-powered-by')).toBeUndefined();
  });

  it('refuses options whose headers depend on the request', () => {
    const perRequest: HelmetOptions = {
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], scriptSrc: [(req) => `'nonce-${String((req as { nonce?: string }).nonce)}'`] } },
    };
    expect(() => securityHeaders(perRequest)).toThrow(/depend on the request/);
  });
});
