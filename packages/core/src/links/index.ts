// Entry links into the mini-program (URL Link, URL Scheme, Short Link): the request and its rules,
// WeChat's body, and its errcodes explained.
export { validateLinkRequest, isValidatedLinkRequest, LINK_KINDS } from './validate-link'
export type { ValidateLinkOptions } from './validate-link'
export {
  toWeChatLinkBody,
  linkExpiresAt,
  linkRequestKey,
  LINK_API_PATH,
  LINK_ANSWER_FIELD,
} from './link-body'
export { describeLinkError } from './link-errors'
export type {
  LinkKind,
  LinkRequest,
  UrlLinkRequest,
  SchemeRequest,
  ShortLinkRequest,
  LinkExpiry,
  CloudBaseTarget,
  EntryLink,
} from './link-types'
