export { connect$ } from './client/connect';
export { predict$ } from './client/predict';
export { duplicate$ } from './client/duplicate';
export type { DuplicateOptions } from './client/duplicate';
export type { PredictOptions } from './client/predict';
export { GradioClient } from './client/gradio-client';
export type { ConnectEvent, ConnectedEvent, TypedGradioClient } from './client/gradio-client';
export { formatApi } from './codegen/format-api';
export { generateTypes } from './codegen/generate-types';
export type { GenerateTypesOptions } from './codegen/generate-types';
export type { ApiTypes, EndpointTypes } from './types/typed-api';
export { withClient$ } from './client/with-client';
export type { DownloadEvent } from './client/download';
export type { MediaSegment, MediaStreamOptions } from './client/media-stream';
export { isFileData } from './types/file-data';
export { handleFile } from './files/handle-file';
export { FileInput, isFileInput } from './types/file-input';
export type { FileSource, HandleFileOptions } from './types/file-input';
export { FileTooLargeError } from './errors/file-errors';
export type { FileData } from './types/file-data';
export { onlyClient } from './operators/only-client';
export { onlyData } from './operators/only-data';
export { onlyStatus } from './operators/only-status';
export { onlyLogs } from './operators/only-logs';
export { progress } from './operators/progress';
export type { JobProgress } from './operators/progress';
export { shareJob } from './operators/share-job';
export { streamedMedia } from './operators/streamed-media';
export type { MediaSource, StreamedMediaOptions } from './operators/streamed-media';
export { predictEach } from './pipelines/predict-each';
export type { PredictEachConfig, PredictStrategy } from './pipelines/predict-each';
export { fanOut } from './pipelines/fan-out';
export type { FanOutBranches, FanOutConfig, FanOutResult } from './pipelines/fan-out';
export { retryWhenSafe, SAFE_TO_RETRY } from './pipelines/retry-when-safe';
export type { RetryWhenSafeConfig } from './pipelines/retry-when-safe';
export { forgetSharedClients, sharedClient$ } from './pipelines/shared-client';
export { applyDiff, DiffError } from './protocol/apply-diff';
export type { DiffOp } from './protocol/apply-diff';
export { GRADIO_ERROR_CODES, GradioError, isGradioError } from './errors/gradio-error';
export type { GradioErrorCode, GradioErrorContext } from './errors/gradio-error';
export {
  AppNotFoundError,
  AuthError,
  ConfigError,
  UnsupportedProtocolError,
} from './errors/connect-errors';
export { ArgumentError, EndpointError } from './errors/call-errors';
export { AppError, QueueFullError, ValidationError } from './errors/job-errors';
export { SpaceError } from './errors/space-error';
export { ZeroGpuError } from './errors/zerogpu-error';
export { USER_AGENT, VERSION } from './version';
export { SPACE_HARDWARE } from './types/space';
export type { SpaceHardware, SpaceStage, SpaceStatusEvent, SpaceWaitOptions } from './types/space';
export type { ValidationIssue } from './errors/job-errors';
export type { ChunkMode, ConnectOptions, SubmitOptions } from './types/options';
export type { AppPage } from './protocol/app-pages';
export type { ZeroGpuKind } from './protocol/zerogpu';
export type {
  ConnectEventOf,
  ConnectedEventOf,
  DataEvent,
  JobEventBase,
  JobStage,
  LogEvent,
  RenderEvent,
  StatusEvent,
  SubmitEvent,
  UploadEvent,
} from './types/events';
export type { ProgressUnit } from './protocol/queue-message';
export type { Payload } from './protocol/build-payload';
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
  StreamInfo,
} from './types/api-info';
export type {
  GradioComponentConfig,
  GradioConfig,
  GradioDependencyConfig,
  RenderConfig,
} from './types/config';
