import 'server-only';

/**
 * Notification channels: senders only. They get a rendered Notice and a
 * channel record and report what the receiver said; they know no store, no
 * engine and no route. Every outgoing connection goes through the address
 * policy (safe-fetch.ts, resolve-target.ts): metadata and link-local never,
 * loopback and private ranges only as HOSTWATCH_ALERTS_ALLOW_PRIVATE allows.
 */
export { CHANNELS, channelKind, type ChannelKindName } from './channels';
export { sendNotice, sendTest, testNotice } from './send';
export { parseChannelUrl, type ParsedChannelUrl } from './shoutrrr';
export { validateChannelConfig, type ChannelConfig, type ConfigCheck, type ConfigIssue } from './validate';
export { maskConfig, mergeSecrets, MASK } from './secrets';
export { verifyWebhookSignature, signatureHeader, SIGNATURE_HEADER, DELIVERY_HEADER } from './signature';
export { policyFromSetting, STRICT_POLICY, type AddressPolicy } from './policy';
export type { ChannelDefinition, SendContext, SendResult } from './types';
