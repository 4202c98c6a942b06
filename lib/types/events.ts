import type { GradioClient } from '../client/gradio-client';

/** {@link connect$} emits this once the app's config and API are loaded; then it completes. */
export interface ConnectedEvent {
  type: 'connected';
  /** The ready client. */
  client: GradioClient;
}

/** What {@link connect$} emits. */
export type ConnectEvent = ConnectedEvent;
