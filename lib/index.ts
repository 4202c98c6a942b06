export { connect$ } from './client/connect';
export { GradioClient } from './client/gradio-client';
export { onlyClient } from './operators/only-client';
export { GradioError, isGradioError } from './errors/gradio-error';
export type { GradioErrorCode, GradioErrorContext } from './errors/gradio-error';
export {
  AppNotFoundError,
  AuthError,
  ConfigError,
  UnsupportedProtocolError,
} from './errors/connect-errors';
export { ArgumentError, EndpointError } from './errors/call-errors';
export type { ConnectOptions } from './types/options';
export type { ConnectEvent, ConnectedEvent } from './types/events';
export type { ViewApiOptions } from './protocol/api-view';
export type { EndpointRef } from './protocol/resolve-endpoint';
export type {
  ApiView,
  EndpointInfo,
  EndpointVisibility,
  InputSlot,
  JsonSchema,
  OutputSlot,
  ParameterInfo,
  ReturnInfo,
} from './types/api-info';
export type { GradioComponentConfig, GradioConfig, GradioDependencyConfig } from './types/config';
