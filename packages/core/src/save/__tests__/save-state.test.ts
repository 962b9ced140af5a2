import { MiniCodeError } from '../../errors'
import { initialSaveState, saveStateReducer, type SaveAction, type SaveState } from '../save-state'

const denied = new MiniCodeError('auth_denied', '')
const cancelled = new MiniCodeError('cancelled', '')
const at = (status: SaveState['status'], error: MiniCodeError | null = null): SaveState => ({
  status,
  error,
  filePath: null,
  previewUrl: null,
})

test.each<[string, SaveState, SaveAction, SaveState]>([
  ['progress from idle', initialSaveState, { type: 'progress', status: 'authorizing' }, at('authorizing')],
  [
    'progress after a failure clears the error',
    at('failed', cancelled),
    { type: 'progress', status: 'authorizing' },
    at('authorizing'),
  ],
  [
    'success',
    at('saving'),
    { type: 'success', filePath: 'p', outcome: 'saved' },
    { status: 'saved', error: null, filePath: 'p', previewUrl: null },
  ],
  [
    'a desktop download is downloaded, never saved',
    at('saving'),
    { type: 'success', filePath: 'p', outcome: 'downloaded' },
    { status: 'downloaded', error: null, filePath: 'p', previewUrl: null },
  ],
  [
    'a preview keeps its URL',
    at('saving'),
    { type: 'success', filePath: 'p', outcome: 'preview', previewUrl: 'blob:x' },
    { status: 'preview', error: null, filePath: 'p', previewUrl: 'blob:x' },
  ],
  ['auth_denied is denied', at('authorizing'), { type: 'failure', error: denied }, at('denied', denied)],
  [
    'any other failure is failed',
    at('saving'),
    { type: 'failure', error: cancelled },
    at('failed', cancelled),
  ],
  ['granted takes denied back to idle', at('denied', denied), { type: 'granted' }, initialSaveState],
  [
    'reset from anywhere',
    { status: 'saved', error: null, filePath: 'p', previewUrl: null },
    { type: 'reset' },
    initialSaveState,
  ],
])('%s', (_name, state, action, expected) => {
  expect(saveStateReducer(state, action)).toEqual(expected)
})

test('no new object when nothing changes', () => {
  const authorizing = at('authorizing')
  expect(saveStateReducer(authorizing, { type: 'progress', status: 'authorizing' })).toBe(authorizing)
  for (const status of ['idle', 'saving', 'saved', 'failed'] as const) {
    const state = at(status)
    expect(saveStateReducer(state, { type: 'granted' })).toBe(state)
  }
  expect(saveStateReducer(at('denied'), { type: 'reset' })).toBe(initialSaveState)
})
