// Every module's authorization matrix. A module that adds routes adds its matrix here.
import { accountsMatrix } from './accounts.matrix.js';
import { attachmentsMatrix } from './attachments.matrix.js';
import { casesMatrix } from './cases.matrix.js';
import { consultationsMatrix } from './consultations.matrix.js';
import { childrenMatrix } from './children.matrix.js';
import { directoryMatrix } from './directory.matrix.js';
import { foundationMatrix } from './foundation.matrix.js';
import { groupsMatrix } from './groups.matrix.js';
import { intakeMatrix } from './intake.matrix.js';
import { messagingMatrix } from './messaging.matrix.js';
import { oidcMatrix } from './oidc.matrix.js';
import { analysisMatrix } from './analysis.matrix.js';
import { planMatrix } from './plan.matrix.js';
import { privacyMatrix } from './privacy.matrix.js';
import { reportsMatrix } from './reports.matrix.js';
import { verificationMatrix } from './verification.matrix.js';
import type { MatrixModule } from './route-spec.js';

export const matrixModules: MatrixModule[] = [foundationMatrix, casesMatrix, verificationMatrix, intakeMatrix, attachmentsMatrix, messagingMatrix, reportsMatrix, oidcMatrix, accountsMatrix, groupsMatrix, consultationsMatrix, planMatrix, analysisMatrix, childrenMatrix, directoryMatrix, privacyMatrix];
