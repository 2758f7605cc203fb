// The S3 checks against their fixture cases (see test/helpers/check-tester.ts).

import { runCheckCases } from '../../helpers/check-tester.js';
import { S3_CASES } from './s3.cases.js';

runCheckCases(S3_CASES);
