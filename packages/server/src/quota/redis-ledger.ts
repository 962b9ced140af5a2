import type Redis from 'ioredis'
import type { QuotaFigures, ReserveOutcome } from './quota-state'
import { beijingDay } from './quota-state'
import { quotaKey, type QuotaLedger } from './quota-ledger'

// The steps of quota-state.ts's reserveIn, as one script: Redis runs a script alone, so no other
// process reads or writes between the check and the reservation (a read-then-write would let four
// processes each see room for the same last code).
// KEYS: used, inflight (sorted set id -> lapse ms), today's count.
// ARGV: now, quota, reserve, dailyCap (-1 = none), id, lapse ms, day TTL ms.
const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
local used = tonumber(redis.call('GET', KEYS[1]))
local inflight = redis.call('ZCARD', KEYS[2])
local today = tonumber(redis.call('GET', KEYS[3]) or '0')
local remaining = -1
if used then remaining = tonumber(ARGV[2]) - used - inflight end
local cap = tonumber(ARGV[4])
if cap >= 0 and today >= cap then return {'daily', used or -1, inflight, today, remaining} end
if not used then
  if inflight > 0 then return {'probe', -1, inflight, today, remaining} end
elseif remaining - 1 < tonumber(ARGV[3]) then
  return {'reserve', used, inflight, today, remaining}
end
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5])
redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if used then remaining = remaining - 1 end
return {'ok', used or -1, inflight + 1, today + 1, remaining}
`

// quota-state.ts's settleIn. ARGV: id, numUsed (-1 = none), spent ('1'/'0').
const SETTLE = `
local held = redis.call('ZREM', KEYS[2], ARGV[1])
local seen = tonumber(ARGV[2])
if seen >= 0 then
  local used = tonumber(redis.call('GET', KEYS[1]))
  if not used or seen > used then redis.call('SET', KEYS[1], seen) end
end
if ARGV[3] == '0' and held == 1 and tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
return held
`

const DAY_TTL_MS = 2 * 86_400_000

/**
 * The quota ledger in Redis, shared by every process of a deployment; each change is one Lua script,
 * so it is atomic across processes. Pass the same ioredis client as the code cache's.
 */
export function redisQuotaLedger(redis: Redis, appId: string, now: () => number = Date.now): QuotaLedger {
  const base = quotaKey(appId)
  const keys = (t: number) => [`${base}:used`, `${base}:inflight`, `${base}:day:${beijingDay(t)}`]
  const figures = (reply: unknown[]): QuotaFigures => {
    const [outcome, used, inflight, today, remaining] = reply as [
      ReserveOutcome,
      number,
      number,
      number,
      number,
    ]
    return { outcome, used: used < 0 ? null : used, inflight, today, remaining: used < 0 ? null : remaining }
  }
  return {
    async reserve(rules, id, holdMs) {
      const t = now()
      const cap = Number.isFinite(rules.dailyCap) ? rules.dailyCap : -1
      const args = [t, rules.quota, rules.reserve, cap, id, t + holdMs, DAY_TTL_MS]
      return figures((await redis.eval(RESERVE, 3, ...keys(t), ...args)) as unknown[])
    },
    async settle(id, numUsed, spent) {
      await redis.eval(SETTLE, 3, ...keys(now()), id, numUsed ?? -1, spent ? '1' : '0')
    },
    async read(rules) {
      const t = now()
      const [usedKey, inflightKey, dayKey] = keys(t)
      await redis.zremrangebyscore(inflightKey!, '-inf', t)
      const [used, inflight, today] = await Promise.all([
        redis.get(usedKey!),
        redis.zcard(inflightKey!),
        redis.get(dayKey!),
      ])
      const seen = used === null ? null : Number(used)
      return {
        used: seen,
        inflight,
        today: Number(today ?? 0),
        remaining: seen === null ? null : rules.quota - seen - inflight,
      }
    },
  }
}
