// The IAM checks against their fixture cases (see test/helpers/check-tester.ts).

import { runCheckCases } from '../../helpers/check-tester.js';
import { IAM_CASES } from './iam.cases.js';

runCheckCases(IAM_CASES);
