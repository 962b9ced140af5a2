// Types for the parts of `linebreak` (foliojs, an independent UAX #14 implementation) the tests use.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string)
    nextBreak(): { position: number; required: boolean } | null
  }
}
