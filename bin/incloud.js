#!/usr/bin/env node
// incloud pins an AWS SDK release that supports Node 20; its notice that later releases
// will need Node 22 is noise for users, so it is switched off (the SDK's own opt-out).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/src/cli.js');
process.exitCode = await main(process.argv);
