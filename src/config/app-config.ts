import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength, validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the portal reads, validated once at boot.
 * The README's configuration table documents the same list.
 */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** The address users reach the portal at; used for links in invitations and the socket Origin check. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL = 'http://127.0.0.1:3000';

  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string = undefined;

  /**
   * The table owner's connection, for migrations only (issue 15). Set: migrations run as this role
   * and the app runs as DATABASE_URL's role, which is granted SELECT and INSERT only on the audit
   * tables. Unset: see src/database/runtime-role.ts (a restricted role is made when possible).
   */
  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  MIGRATION_DATABASE_URL?: string = undefined;

  /**
   * The audit log's secret (issue 15): keys the events' hashes and derives the checkpoints' Ed25519
   * signing key. Never stored in the database. Unset: generated once in DATA_DIR/secrets/audit-key.
   * Every app node must have the same one.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(32, { message: 'AUDIT_KEY must be at least 32 characters' })
  AUDIT_KEY?: string = undefined;

  /** How often the audit sealer looks for committed events to seal (milliseconds). */
  @Transform(toInt) @IsInt() @Min(10) @Max(5000)
  AUDIT_SEAL_INTERVAL_MS = 100;

  /** A signed checkpoint at least this often while events are being sealed (seconds). */
  @Transform(toInt) @IsInt() @Min(1) @Max(10)
  AUDIT_CHECKPOINT_SECONDS = 10;

  /** How long a node may answer from its session cache (seconds; 0 turns the cache off). */
  @Transform(toInt) @IsInt() @Min(0) @Max(30)
  SESSION_CACHE_SECONDS = 30;

  @IsString() @MinLength(1)
  DATA_DIR = './.data';

  @Transform(emptyToUndefined) @IsOptional() @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string = undefined;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string = undefined;

  @Transform(toBool) @IsBoolean()
  DEMO = false;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60)
  SESSION_IDLE_MINUTES = 60;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS = 12;

  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string = undefined;

  /** Failed logins per account *from one address* per RATE_LIMIT_WINDOW_SECONDS (so a guesser elsewhere cannot lock the owner out). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  /** Consecutive failed logins per account from all addresses together within LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS (NIST SP 800-63B: at most 100); a success starts again. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  LOGIN_ACCOUNT_CEILING = 100;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400 * 30)
  LOGIN_ACCOUNT_CEILING_WINDOW_SECONDS = 86400;

  /** After this many consecutive failures of an account, its next attempts wait 1, 2, 4 … seconds (at most LOGIN_MAX_DELAY_SECONDS). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  LOGIN_DELAY_AFTER_FAILURES = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  LOGIN_MAX_DELAY_SECONDS = 60;

  /** Wrong current passwords when changing one's password, per account per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  PASSWORD_CHANGE_MAX_FAILURES = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 30;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  RATE_LIMIT_WINDOW_SECONDS = 900;

  @Transform(toBool) @IsBoolean()
  TRUST_PROXY = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string = undefined;

  /** Intake: phone contact target, in calendar days after a registration was received. */
  @Transform(toInt) @IsInt() @Min(1) @Max(60)
  INTAKE_CONTACT_DAYS = 2;

  /** Intake: welcome-talk-planned target, in calendar days after a registration was received. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90)
  INTAKE_WELCOME_DAYS = 7;

  /** Intake: anonymous registrations allowed per address per INTAKE_RATE_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  INTAKE_MAX_PER_ADDRESS = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(86400 * 7)
  INTAKE_RATE_WINDOW_SECONDS = 3600;

  /** Intake: a web form sent back sooner than this after `formStartedAt` is treated as a bot. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3600)
  INTAKE_MIN_FILL_SECONDS = 3;

  /** Intake: a public form token older than this is refused (the form counts as automated). */
  @Transform(toInt) @IsInt() @Min(60) @Max(86400 * 7)
  INTAKE_FORM_TOKEN_MAX_AGE_SECONDS = 86400;

  /**
   * Intake: signs the public registration form's tokens (HMAC). Unset: generated once in
   * DATA_DIR/secrets/intake-form-secret; several app nodes without a shared DATA_DIR must set it, the same on each.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(32, { message: 'INTAKE_FORM_SECRET must be at least 32 characters' })
  INTAKE_FORM_SECRET?: string = undefined;

  /** Intake: the support team that receives public registrations when there are several (and the region does not decide). */
  @Transform(emptyToUndefined) @IsOptional() @IsUUID('all', { message: 'INTAKE_DEFAULT_TEAM_ID must be a UUID' })
  INTAKE_DEFAULT_TEAM_ID?: string = undefined;

  /** Intake: a team's capacity (parents and children at once) until a coordinator sets it. */
  @Transform(toInt) @IsInt() @Min(0) @Max(100000)
  INTAKE_DEFAULT_TEAM_CAPACITY = 120;

  /**
   * Verification: the passphrase that encrypts the support teams' OpenPGP private keys at rest.
   * Unset: a random one is generated once in DATA_DIR/secrets/org-key-passphrase (mode 0600) and a
   * warning is logged — fine for a laptop, wrong for production, where it must come from a secret store.
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(16, { message: 'ORG_KEY_PASSPHRASE must be at least 16 characters' })
  ORG_KEY_PASSPHRASE?: string = undefined;

  /** Verification: the mail domain of the organisation keys' user IDs and of Web Key Directory; default PUBLIC_URL's host. */
  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, { message: 'ORG_KEY_EMAIL_DOMAIN must be a domain name, e.g. eenverhaal.example' })
  ORG_KEY_EMAIL_DOMAIN?: string = undefined;

  /** Verification: public code checks allowed per address per RATE_LIMIT_WINDOW_SECONDS (every check counts). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  VERIFY_MAX_PER_ADDRESS = 30;

  /** Verification: checks of one code (from anywhere) before it is burnt and answers `expired`. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  VERIFY_MAX_CHECKS_PER_CODE = 10;

  /** Messaging: open sockets one user may have at once (all app processes together); one more is refused. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  SOCKET_MAX_PER_USER = 20;

  /** Cases: failed look-ups of a participant by e-mail address (no active account) one user may make per RATE_LIMIT_WINDOW_SECONDS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  PARTICIPANT_LOOKUP_MAX_FAILURES = 20;

  /** Messaging: messages one user may send per minute (REST and socket together). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  MESSAGE_SEND_MAX_PER_MINUTE = 120;

  /** Messaging: typing events one socket may send per 10 seconds; more are dropped. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  TYPING_MAX_PER_10_SECONDS = 5;

  /** Messaging: at most one "new message" e-mail per user per this many minutes (0: every check). */
  @Transform(toInt) @IsInt() @Min(0) @Max(24 * 60)
  NOTIFICATION_EMAIL_BATCH_MINUTES = 15;

  /** Messaging: how often the mailer looks for pending notifications. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3600)
  NOTIFICATION_EMAIL_POLL_SECONDS = 60;

  /** Outgoing mail over SMTP (smtp:// or smtps://); unset: mails are written as JSON lines under DATA_DIR/mail/. */
  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  @IsString() @MinLength(3)
  MAIL_FROM = 'Eenverhaal <no-reply@eenverhaal.invalid>';

  /** The support team's phone number and hours, shown wherever people are told to call (unset: not shown). */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'SUPPORT_PHONE must be a phone number (digits, spaces, + ( ) -)' })
  SUPPORT_PHONE?: string = undefined;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MaxLength(120)
  SUPPORT_HOURS?: string = undefined;

  /** Attachments: the largest encrypted attachment accepted (binary OpenPGP bytes; armoured bodies may be a third larger). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(Number.MAX_SAFE_INTEGER)
  MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

  /**
   * Attachments in an S3-compatible object store (AWS S3, MinIO, …) instead of DATA_DIR/attachments:
   * set S3_BUCKET (the bucket must exist and be private). Without S3_ACCESS_KEY_ID the AWS SDK's own
   * credential chain applies (environment, instance role).
   */
  @Transform(emptyToUndefined) @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)' })
  S3_BUCKET?: string = undefined;

  /** Another S3-compatible store than AWS (e.g. http://minio:9000); unset: AWS S3 itself. */
  @Transform(emptyToUndefined) @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string = undefined;

  @IsString() @MinLength(1)
  S3_REGION = 'eu-west-1';

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  S3_ACCESS_KEY_ID?: string = undefined;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  S3_SECRET_ACCESS_KEY?: string = undefined;

  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (MinIO and most self-hosted stores). */
  @Transform(toBool) @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  // Privacy rights (issue 21): retention periods in days. Defaults and their sources: README, "Privacy rights".
  /** A closed case's file (story, children, results, updates, consents), counted from the day it closed. Jeugdwet art. 7.3.8: 20 years. */
  @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  RETENTION_CLOSED_CASE_DAYS = 7300;

  /** A closed case's conversations (threads, messages, attachments), counted from the day the case closed. */
  @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  RETENTION_MESSAGE_DAYS = 730;

  /** A registration outside the target group (status `out_of_scope`), counted from its last change. */
  @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  RETENTION_OUT_OF_SCOPE_REGISTRATION_DAYS = 90;

  /** Audit events: kept as long as the file they account for (append-only; see the README for why they are listed, not erased). */
  @Transform(toInt) @IsInt() @Min(0) @Max(36500)
  RETENTION_AUDIT_DAYS = 7300;

  /** A finished export (its ZIP) is downloadable this many days, then removed. */
  @Transform(toInt) @IsInt() @Min(1) @Max(90)
  RETENTION_EXPORT_DAYS = 7;

  /** An ended (logged out, revoked or expired) session, counted from its end; 0 = at the next run. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3650)
  RETENTION_SESSION_DAYS = 0;

  get cookieSecure(): boolean {
    return this.PUBLIC_URL.startsWith('https://');
  }
}

export class ConfigError extends Error {}

/** Reads and validates the environment; throws one ConfigError whose message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const source: Record<string, unknown> = {};
  for (const key of known) if (env[key] !== undefined) source[key] = env[key];
  const config = plainToInstance(AppConfig, source, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    // One reason per variable: "PORT must be an integer number", not also "must not be less than 0".
    const reasons = errors.map((e) => {
      const constraints = e.constraints ?? {};
      return constraints.isInt ?? constraints.isBoolean ?? Object.values(constraints).join(', ');
    });
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  if (!config.S3_BUCKET && (config.S3_ENDPOINT || config.S3_ACCESS_KEY_ID || config.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid configuration: S3_BUCKET must be set when S3_ENDPOINT or S3 credentials are (attachments would silently stay on the local disk)');
  }
  if (Boolean(config.S3_ACCESS_KEY_ID) !== Boolean(config.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
  }
  return config;
}
