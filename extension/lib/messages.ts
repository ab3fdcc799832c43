import { defineExtensionMessaging } from '@webext-core/messaging';

/** Where the overlay's content script stands on one tab. */
export type OverlayStatus = 'mounted' | 'not-n8n' | 'idle';

export interface TabOverlayState {
  status: OverlayStatus;
  url: string;
  at: number;
}

/** Typed messages between the content script, extension pages and the background. */
interface ProtocolMap {
  reportOverlayStatus(state: { status: OverlayStatus; url: string }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
