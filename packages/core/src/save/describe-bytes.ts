/**
 * What some bytes that are no image look like, for an 'invalid_source' message: 'no bytes', 'HTML',
 * 'SVG or XML', 'JSON', 'PDF', 'ZIP', 'text', or their first bytes in hex. `head`: the first bytes
 * (SNIFF_LENGTH are enough). Only called after sniffing found no image.
 */
export function describeBytes(head: Uint8Array): string {
  if (head.length === 0) return 'no bytes'
  const start = String.fromCharCode(...head.subarray(0, 5))
  if (start === '%PDF-') return 'PDF'
  if (start.startsWith('PK\x03\x04')) return 'ZIP'
  if (!isText(head)) return `unknown bytes (${hex(head.subarray(0, 8))})`
  const text = String.fromCharCode(...head)
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
  if (/^<(svg|\?xml)/i.test(text)) return 'SVG or XML'
  if (text.startsWith('<')) return 'HTML'
  if (/^[{[]/.test(text)) return 'JSON'
  return 'text'
}

/**
 * True when the bytes are printable ASCII, whitespace or UTF-8 lead/continuation bytes: what an error
 * page, a JSON answer or a label read as a file looks like. A NUL or other control byte is binary.
 */
function isText(head: Uint8Array): boolean {
  return head.every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b !== 0x7f))
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')
}
