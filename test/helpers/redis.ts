// Queue tests run against a real redis-server. Without it they skip with a message, except
// under CI=true, where a missing server is a failure.

import { redisAvailable, startRedis as start, type RedisOptions, type RedisServer } from '../../scripts/redis.js';

export const hasRedis = redisAvailable();
export const runRedisTests = hasRedis || process.env.CI === 'true';

if (!runRedisTests) console.warn("redis-server not found: the BullMQ queue tests are SKIPPED (install Debian's redis-server to run them).");

export async function startRedis(o: RedisOptions = {}): Promise<RedisServer> {
  if (!hasRedis) throw new Error('redis-server is not installed, and CI=true requires the queue tests to run');
  return start(o);
}
