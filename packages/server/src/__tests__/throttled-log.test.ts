import { throttledLog } from '../cli/throttled-log'

test('the first failure at once, then one line per interval counting what was left out', () => {
  let clock = 0
  const lines: string[] = []
  const log = throttledLog(
    10_000,
    (line) => lines.push(line),
    () => clock,
  )
  log('down')
  for (let i = 0; i < 50; i++) log('down')
  expect(lines).toEqual(['down'])
  clock = 10_000
  log('still down')
  expect(lines).toEqual(['down', 'still down (and 50 more like it)'])
  clock = 30_000
  log('again')
  expect(lines[2]).toBe('again')
})
