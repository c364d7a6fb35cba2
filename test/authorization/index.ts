// Every module's authorization matrix. A module that adds routes adds its matrix here.
import { casesMatrix } from './cases.matrix.js';
import { foundationMatrix } from './foundation.matrix.js';
import type { MatrixModule } from './route-spec.js';

export const matrixModules: MatrixModule[] = [foundationMatrix, casesMatrix];
