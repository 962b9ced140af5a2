/**
 * Reads the `scene` a getUnlimited code carries, on the page the code opens.
 *
 * WeChat hands the scene to the page URI-encoded as `query.scene` (`options.scene` in onLoad,
 * `useRouter().params.scene` in Taro): `id%3D42%26from%3Dposter`. This decodes it once, tolerating a
 * value that was already decoded or holds a stray '%', and parses `k=v&k2=v2` pairs.
 *
 * @example
 * parseScene('id%3D42%26from%3Dposter') // { raw: 'id=42&from=poster', params: { id: '42', from: 'poster' } }
 * parseScene('42')                      // { raw: '42', params: {} }
 */
export function parseScene(value: string | undefined | null): {
  raw: string
  params: Record<string, string>
} {
  const raw = safeDecode(value ?? '')
  const params: Record<string, string> = {}
  if (raw.includes('=')) {
    for (const pair of raw.split('&')) {
      if (!pair) continue
      const at = pair.indexOf('=')
      const key = at < 0 ? pair : pair.slice(0, at)
      if (key) params[key] = at < 0 ? '' : pair.slice(at + 1)
    }
  }
  return { raw, params }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    // A scene can't contain '%' (WeChat rejects it), so a failed decode means it arrived decoded already.
    return value
  }
}
