import { lookup as dnsLookup } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { MiniCodeError } from '@minicode/core'

/**
 * Which images a poster rendered on the server may fetch. A spec is user input: without these rules
 * it could make the server fetch its own metadata endpoint or a private service (SSRF).
 */
export interface ImagePolicyOptions {
  /**
   * Hosts images may come from, as in `MINICODE_IMAGE_HOSTS`: `cdn.example.com` (default ports 80/443,
   * refused when it resolves to a loopback, private or link-local address) or `host:port`. An IP
   * literal with its port (`127.0.0.1:9000`) is trusted as written: a local image service you run.
   */
  hosts: readonly string[]
  /** Bytes per image. Default 5 MiB. */
  maxImageBytes?: number
  /** Redirects followed, each checked like the first URL. Default 3. */
  maxRedirects?: number
  /** DNS lookup (all addresses); injected by tests. Default node:dns lookup. */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>
}

/** Fetches an image URL under a policy; rejects with a MiniCodeError naming the reason. */
export type ImageFetcher = (url: string, signal?: AbortSignal) => Promise<Uint8Array>

const DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024

/** `MINICODE_IMAGE_HOSTS` ('a.com, 127.0.0.1:9000') as a list; empty or unset: no remote images. */
export function parseImageHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean)
}

/** Why `url` may not be fetched before any DNS (scheme, allow-list), or null when it may. */
export function urlRefusal(url: string, hosts: readonly string[]): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not an absolute URL (local paths are not read on the server)'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `${parsed.protocol} URLs are not fetched (only http and https, and data URLs)`
  }
  if (!hostEntry(parsed, hosts)) {
    return `host ${parsed.host} is not on MINICODE_IMAGE_HOSTS`
  }
  return null
}

/** The allow-list entry `url` matches: 'host:port' exactly, or a bare host name on a default port. */
function hostEntry(url: URL, hosts: readonly string[]): string | undefined {
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return hosts.find((entry) => {
    const withPort = /^(.*):(\d+)$/.exec(entry)
    if (withPort && !isIP(entry))
      return withPort[1].replace(/^\[|\]$/g, '') === hostname && withPort[2] === port
    return entry.replace(/^\[|\]$/g, '') === hostname && url.port === ''
  })
}

/** True for an allow-list entry that is an IP literal with its port: trusted, never checked. */
function trustedAsWritten(entry: string): boolean {
  const withPort = /^(.*):(\d+)$/.exec(entry)
  return !!withPort && !isIP(entry) && isIP(withPort[1].replace(/^\[|\]$/g, '')) !== 0
}

/**
 * Why an address is not public (loopback, private, link-local, unspecified, multicast, CGNAT,
 * reserved; IPv4-mapped and -compatible IPv6 and NAT64 judged by their IPv4), or null.
 */
export function addressRefusal(address: string): string | null {
  if (isIP(address) === 4) return ipv4Refusal(address.split('.').map(Number))
  const groups = ipv6Groups(address)
  if (!groups) return 'not an IP address'
  const embedded = [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255]
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0)
  if (zeros(5) && groups[5] === 0xffff) return ipv4Refusal(embedded) // ::ffff:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return ipv4Refusal(embedded) // 64:ff9b::a.b.c.d (NAT64)
  }
  if (zeros(7) && groups[7] === 1) return 'loopback (::1)'
  if (zeros(8)) return 'unspecified (::)'
  if (zeros(6)) return ipv4Refusal(embedded) // ::a.b.c.d (IPv4-compatible)
  if ((groups[0] & 0xfe00) === 0xfc00) return 'private (fc00::/7)'
  if ((groups[0] & 0xffc0) === 0xfe80) return 'link-local (fe80::/10)'
  if ((groups[0] & 0xffc0) === 0xfec0) return 'site-local (fec0::/10)'
  if ((groups[0] & 0xff00) === 0xff00) return 'multicast (ff00::/8)'
  return null
}

function ipv4Refusal([a, b]: number[]): string | null {
  if (a === 127) return 'loopback (127.0.0.0/8)'
  if (a === 10) return 'private (10.0.0.0/8)'
  if (a === 172 && b >= 16 && b <= 31) return 'private (172.16.0.0/12)'
  if (a === 192 && b === 168) return 'private (192.168.0.0/16)'
  if (a === 169 && b === 254) return 'link-local (169.254.0.0/16)'
  if (a === 100 && b >= 64 && b <= 127) return 'shared (100.64.0.0/10)'
  if (a === 0) return 'unspecified (0.0.0.0/8)'
  if (a >= 224) return 'multicast or reserved (224.0.0.0/3)'
  return null
}

/** The eight 16-bit groups of an IPv6 address (with '::', an embedded IPv4, a %zone), or null. */
function ipv6Groups(address: string): number[] | null {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (isIP(plain) !== 6) return null
  let text = plain
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number)
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const h = parse(head)
  const t = parse(tail)
  if (tail === undefined) return h
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t]
}

/**
 * An image fetcher that enforces the policy: the allow-list, each resolved address public (checked
 * in the socket's own lookup, so the checked address is the one connected to: no DNS rebinding),
 * redirects re-checked, a byte cap. Errors: 'forbidden' (with the reason), 'payload_too_large',
 * 'http_status', 'network', 'timeout'.
 */
export function createImageFetcher(options: ImagePolicyOptions): ImageFetcher {
  const maxBytes = options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES
  const maxRedirects = options.maxRedirects ?? 3
  const resolveAll =
    options.lookup ??
    ((hostname: string) =>
      new Promise<Array<{ address: string; family: number }>>((resolve, reject) =>
        dnsLookup(hostname, { all: true }, (error, addresses) =>
          error ? reject(error) : resolve(addresses),
        ),
      ))

  const checkedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolveAll(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const refusal = addressRefusal(address)
          if (refusal) {
            const reason = `host ${hostname} resolves to ${address}, ${refusal}`
            return callback(new MiniCodeError('forbidden', `Image refused: ${reason}.`), '', 4)
          }
        }
        if (addresses.length === 0) return callback(new Error(`no address for ${hostname}`), '', 4)
        if (lookupOptions.all) return callback(null, addresses as never)
        callback(null, addresses[0].address, addresses[0].family)
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 4),
    )
  }

  return async function fetchImage(url: string, signal?: AbortSignal): Promise<Uint8Array> {
    let current = url
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const refusal = urlRefusal(current, options.hosts)
      if (refusal) throw new MiniCodeError('forbidden', `Image refused: ${current}: ${refusal}.`)
      const parsed = new URL(current)
      const entry = hostEntry(parsed, options.hosts) as string
      const response = await get(parsed, trustedAsWritten(entry) ? undefined : checkedLookup, signal)
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (status >= 300 && status < 400 && location) {
        response.resume()
        current = new URL(location, current).toString()
        continue
      }
      if (status < 200 || status >= 300) {
        response.resume()
        throw new MiniCodeError('http_status', `Image ${current} answered HTTP ${status}.`)
      }
      return readCapped(response, maxBytes, current)
    }
    throw new MiniCodeError('forbidden', `Image refused: ${url}: more than ${maxRedirects} redirects.`)
  }
}

function get(url: URL, lookup: LookupFunction | undefined, signal?: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', lookup, signal, headers: { accept: 'image/*' } }, resolve)
    req.on('error', (error) => {
      if (error instanceof MiniCodeError) return reject(error)
      // The lookup's refusal arrives wrapped by some Node versions: keep its code.
      const cause = (error as { cause?: unknown }).cause
      if (cause instanceof MiniCodeError) return reject(cause)
      if (signal?.aborted) return reject(new MiniCodeError('timeout', `Image ${url} took too long.`))
      reject(
        new MiniCodeError('network', `Image ${url} could not be fetched: ${error.message}`, { cause: error }),
      )
    })
    req.end()
  })
}

function readCapped(response: IncomingMessage, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length'])
  if (declared > maxBytes) {
    response.destroy()
    return Promise.reject(tooLarge(url, maxBytes))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        response.destroy()
        reject(tooLarge(url, maxBytes))
        return
      }
      chunks.push(chunk)
    })
    response.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    response.on('error', (error) =>
      reject(new MiniCodeError('network', `Image ${url} broke off: ${error.message}`, { cause: error })),
    )
  })
}

function tooLarge(url: string, maxBytes: number): MiniCodeError {
  return new MiniCodeError('payload_too_large', `Image ${url} is larger than ${maxBytes} bytes.`)
}
