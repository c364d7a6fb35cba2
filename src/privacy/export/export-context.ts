import type { AuthUser } from '../../auth/auth-user.js';
import type { OpenableAttachment } from '../../attachments/attachments.privacy.js';
import type { CaseSummaryResponse } from '../../cases/dto/case.dto.js';
import type { JsonStreamWriter } from './json-stream.js';
import type { OverviewPdf } from './overview-pdf.js';

/** What every exporter writes to: `data.json` (streamed) and `overzicht.pdf` (streamed to a file). */
export interface ExportContext {
  exportId: string;
  user: AuthUser;
  json: JsonStreamWriter;
  pdf: OverviewPdf;
  /** The cases the user takes part in, listed once when the export begins (`ExportSections.casesOf`). */
  cases: CaseSummaryResponse[];
  /** The attachments the user can open; their ciphertexts go into `attachments/` after the sections. */
  attachments: OpenableAttachment[];
  /** Call after each chunk of work (a page of messages): keeps the job's heartbeat, throws when another worker took it over. */
  tick(): Promise<void>;
  /** One section (top-level, or of one case) is written: moves the progress on. */
  step(): Promise<void>;
}

/**
 * One kind of data in the export: writes the top-level property `key` of data.json and its part of
 * the PDF. To add a kind, write one and add it to `ExportSections.topLevel` (src/privacy/export/export-sections.ts).
 */
export interface ExportSection {
  key: string;
  write(ctx: ExportContext): Promise<void>;
}

/**
 * One kind of data per case: writes the property `key` of each entry of data.json's `cases`. A
 * section the user may not see (a refusal from the access layer) is written as `null` and named in
 * the case's `notShownToYou`.
 */
export interface CaseExportSection {
  key: string;
  write(ctx: ExportContext, kase: CaseSummaryResponse): Promise<void>;
}
