import v8 from 'node:v8';

/** The young generation's largest size (MB) V8 may grow to: V8 12's value, Node 22's default. */
export const YOUNG_GENERATION_MAX_MB = 8;

/**
 * Node 24's V8 (13.6) raised `scavenger_max_new_space_capacity_mb` from 8 to 32, and with it the
 * amount of short-lived Buffers a cheap scavenge reclaims (32 → 128 MB), past the 64 MB of external
 * memory that starts a full mark-compact. A node streaming an attachment (100 MiB in chunks) then
 * marked its whole heap three times per transfer: `bench:attachments` on Node 24 fell from 66 % to
 * 36 % of an fs copy, its memory from 38 to 81 MiB. Upstream: nodejs/node#61967 and #63863 (fixed
 * in V8, in no Node release yet); remove this when one carries it. Imported first by main.ts, before
 * anything allocates; a flag given on the command line wins.
 */
export function applyRuntimeFlags(execArgv: readonly string[] = process.execArgv): void {
  if (execArgv.some((arg) => arg.startsWith('--scavenger-max-new-space-capacity-mb') || arg.startsWith('--scavenger_max_new_space_capacity_mb'))) return;
  v8.setFlagsFromString(`--scavenger-max-new-space-capacity-mb=${YOUNG_GENERATION_MAX_MB}`);
}

applyRuntimeFlags();
