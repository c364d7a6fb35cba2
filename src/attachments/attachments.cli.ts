// Command-line helper for partners who use GnuPG: moves encrypted attachments between the portal
// and gpg's standard input/output. The portal only ever sees ciphertext.
//
//   npm run cli -- keys:get <threadId> --token T | gpg --import
//   gpg --encrypt -r a@x -r b@y file.pdf | npm run cli -- attachment:put <threadId> --token T
//   npm run cli -- attachment:get <attachmentId> --token T | gpg --decrypt > file.pdf
//   gpg --list-packets / openpgp.js output of new PKESKs | npm run cli -- attachment:share <attachmentId> --token T
//
// --token (or EV_TOKEN) is a session token from login; --url (or EV_URL) the portal (default http://127.0.0.1:3000).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface Options { url: string; token: string; armor: boolean; args: string[] }

function parse(argv: string[]): Options {
  const args: string[] = [];
  let url = process.env.EV_URL ?? 'http://127.0.0.1:3000';
  let token = process.env.EV_TOKEN ?? '';
  let armor = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--url') url = argv[++i] ?? '';
    else if (arg === '--token') token = argv[++i] ?? '';
    else if (arg === '--armor' || arg === '-a') armor = true;
    else args.push(arg);
  }
  return { url: url.replace(/\/+$/, ''), token, armor, args };
}

const USAGE = `usage: cli <command> <id> [--token TOKEN] [--url URL] [--armor]
  keys:get <threadId>             armoured public keys of the thread's members (pipe into gpg --import)
  attachment:put <threadId>       upload the encrypted message on stdin; prints {id, size, sha256, recipients}
  attachment:get <attachmentId>   write the encrypted attachment to stdout (pipe into gpg --decrypt)
  attachment:share <attachmentId> append the PKESK packets on stdin for members added later`;

async function fail(res: Response): Promise<never> {
  const text = await res.text();
  process.stderr.write(`${res.status} ${text}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { url, token, armor, args } = parse(process.argv.slice(2));
  const [command, id] = args;
  if (!command || !id || !token) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const auth = { Authorization: `Bearer ${token}` };
  const contentType = armor ? 'application/pgp-encrypted' : 'application/octet-stream';
  const upload = async (path: string) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST', headers: { ...auth, 'Content-Type': contentType },
      body: Readable.toWeb(process.stdin) as ReadableStream, duplex: 'half',
    } as RequestInit);
    if (!res.ok) await fail(res);
    process.stdout.write(`${JSON.stringify(await res.json())}\n`);
  };
  switch (command) {
    case 'keys:get': {
      const res = await fetch(`${url}/api/threads/${encodeURIComponent(id)}/recipients`, { headers: auth });
      if (!res.ok) await fail(res);
      const body = await res.json() as { keys: { publicKey: string }[]; missingKey: string[] };
      process.stdout.write(body.keys.map((k) => k.publicKey.trim()).join('\n') + '\n');
      if (body.missingKey.length) process.stderr.write(`members without a key (they cannot read attachments yet): ${body.missingKey.join(', ')}\n`);
      return;
    }
    case 'attachment:put':
      return upload(`/api/threads/${encodeURIComponent(id)}/attachments`);
    case 'attachment:share':
      return upload(`/api/attachments/${encodeURIComponent(id)}/recipients`);
    case 'attachment:get': {
      const res = await fetch(`${url}/api/attachments/${encodeURIComponent(id)}`, { headers: auth });
      if (!res.ok || !res.body) await fail(res);
      await pipeline(Readable.fromWeb(res.body as never), process.stdout);
      return;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      process.exit(2);
  }
}

await main();
