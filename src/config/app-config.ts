import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, validateSync,
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

  @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

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
    const reasons = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`Invalid configuration: ${reasons.join('; ')}`);
  }
  return config;
}
