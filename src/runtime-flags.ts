import v8 from 'node:v8';

/**
 * Node 24's V8 (13.6) raised `scavenger_max_new_space_capacity_mb` from 8 to 32, and with it the
 * amount of short-lived Buffers a cheap scavenge reclaims (32 → 128 MB), past the 64 MB of external
 * memory that starts a full mark-compact. A node streaming an attachment (100 MiB in chunks) then
 * marked its whole heap three times per transfer: `bench:attachments` on Node 24 fell from 66 % to
 * 36 % of an fs copy, its memory from 38 to 81 MiB. Back to V8 12's 8 MB (Node 22's default).
 * Upstream: nodejs/node#61967 and #63863 (fixed in V8, in no Node release yet); remove this when
 * one carries it. Imported first by main.ts, before anything allocates; a flag given on the command
 * line wins.
 */
if (!process.execArgv.some((arg) => /^--scavenger[-_]max[-_]new[-_]space[-_]capacity[-_]mb/.test(arg))) {
  v8.setFlagsFromString('--scavenger-max-new-space-capacity-mb=8');
}
