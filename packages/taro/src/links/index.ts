export { useEntryLink } from './use-entry-link'
export type { UseEntryLinkOptions, UseEntryLinkResult, EntryLinkStatus } from './use-entry-link'
