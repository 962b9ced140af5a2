import type { QuotaFigures, QuotaRules } from '../quota/quota-state'
import type { Env } from './config'

/** `minicode quota`'s report: the figures, and what they mean for the next limited/qrcode code. */
export function formatQuota(rules: QuotaRules, figures: Omit<QuotaFigures, 'outcome'>, env: Env): string {
  let where = 'this process only (set REDIS_URL or MINICODE_CACHE_DIR)'
  if (env.REDIS_URL) where = 'Redis (REDIS_URL)'
  else if (env.MINICODE_CACHE_DIR) where = `${env.MINICODE_CACHE_DIR} (MINICODE_CACHE_DIR)`
  const cap = Number.isFinite(rules.dailyCap) ? String(rules.dailyCap) : 'no cap'
  const lines = [
    `limited/qrcode quota (get + createQRCode, lifetime), ledger in ${where}`,
    `  quota       ${rules.quota}`,
    figures.used === null
      ? '  used        unknown: no limited/qrcode code made through this ledger yet (the first one tells)'
      : `  used        ${figures.used} (the last Num-Used WeChat answered)`,
    `  remaining   ${figures.remaining ?? 'unknown'}`,
    `  reserve     ${rules.reserve} (MINICODE_QUOTA_RESERVE): no new codes once only this many remain`,
    `  today       ${figures.today} new of ${cap} (MINICODE_QUOTA_DAILY, Beijing day)`,
    `  in flight   ${figures.inflight}`,
  ]
  if (figures.remaining !== null && figures.remaining - 1 < rules.reserve)
    lines.push('  -> new limited/qrcode codes are refused (cached ones are still served)')
  return `${lines.join('\n')}\n`
}
