// Seeds an emulated account (moto_server at ENDPOINT) with the planted misconfigurations and
// look-alikes of the end-to-end tests. Writes to the emulator only.
//   npm run build && npm run seed -- http://127.0.0.1:5000

import { seedAll } from './seed.js';

const endpoint = process.argv[2];
if (!endpoint || !/^https?:\/\//.test(endpoint)) {
  console.error('usage: npm run seed -- http://HOST:PORT   (a moto_server endpoint)');
  process.exit(2);
}
process.env.AWS_ACCESS_KEY_ID ??= 'testing';
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
try {
  const ids = await seedAll({ endpoint });
  console.log(`seeded ${endpoint}: ${Object.keys(ids).length} EC2 resources plus IAM users, roles and S3 buckets (account 123456789012)`);
} catch (err) {
  console.error(`seed failed: ${(err as Error).message}`);
  process.exit(1);
}
