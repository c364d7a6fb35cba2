import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { API_TYPES_FILE, renderApiTypes } from './api-types.js';
import { describeApi } from './openapi-document.js';

/**
 * `npm run api:types`: writes the web client's API types from the OpenAPI document. The document
 * comes from the decorators alone, so the app is built in Nest's preview mode: modules and
 * controllers are scanned, no provider is instantiated, no database is needed.
 */
const UNUSED_DATABASE = 'postgres://unused@127.0.0.1:1/unused';
const app = await NestFactory.create(AppModule.forRoot(loadConfig({ LOG_LEVEL: 'silent' }), UNUSED_DATABASE), new FastifyAdapter(), {
  preview: true,
  logger: ['error'],
  abortOnError: false,
});
// A JSON round trip: the same plain document the server serves at /api/docs-json.
const document = JSON.parse(JSON.stringify(describeApi(app))) as object;
await writeFile(API_TYPES_FILE, await renderApiTypes(document));
console.log(`api:types: wrote ${API_TYPES_FILE} (${Object.keys((document as { paths: object }).paths).length} paths)`);
