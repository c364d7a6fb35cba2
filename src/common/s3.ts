import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config/app-config.js';

/** Where the deployment's bucket is and how to reach it (attachments and audit checkpoints share it). */
export interface S3Connection {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function s3Connection(config: AppConfig): S3Connection {
  return {
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
      : undefined,
  };
}

/** The one S3 client configuration: the same for every object the portal writes. */
export function s3ClientConfig(connection: Omit<S3Connection, 'forcePathStyle'> & { forcePathStyle?: boolean; bucket?: string }): S3ClientConfig {
  const { bucket: _bucket, ...reach } = connection;
  return {
    ...reach,
    // Checksums only where S3 requires them: other S3-compatible stores do not all read the SDK's
    // newer checksum trailers, and the portal checks what it stores itself (SHA-256, signatures).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
