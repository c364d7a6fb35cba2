import type { Schemas } from '../../api/types.js';

// Privacy rights (issue 21): the API's shapes, from the OpenAPI document.
export type ExportStatus = Schemas['ExportStatusResponse'];
export type ExportList = Schemas['ExportListResponse'];
export type ExportCreated = Schemas['ExportCreatedResponse'];
export type ErasureRequest = Schemas['ErasureRequestResponse'];
export type ErasureRequestList = Schemas['ErasureRequestListResponse'];
export type LegalHold = Schemas['LegalHoldResponse'];
