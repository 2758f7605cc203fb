// The EC2 checks against their fixture cases (see test/helpers/check-tester.ts).

import { runCheckCases } from '../../helpers/check-tester.js';
import { EC2_CASES } from './ec2.cases.js';

runCheckCases(EC2_CASES);
