import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document, read from the controllers' and DTOs' decorators. The app serves it at
 * `/api/docs-json`; `npm run api:types` builds the same document without a database (see
 * api-types.cli.ts) and turns it into the web client's types.
 */
export function describeApi(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(app, new DocumentBuilder()
    .setTitle('Eenverhaal API')
    .setDescription('One shared case file for parents whose children were placed out of home and the chain of partners around them.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth('ev_session')
    .build());
}
