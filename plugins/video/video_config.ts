import { env } from '#sdk'

/** Typed settings of the video plugin (see docs/guide/video.md, "Settings"). */
export interface VideoConfig {
  /** First wait between two polls of a provider operation, in seconds (then ×1.5 up to 60 s). */
  pollIntervalSeconds: number
  /** A provider operation still running after this many seconds fails the step. */
  operationTimeoutSeconds: number
  /** Budget of a workspace in USD until an admin sets one (PUT /v1/video/budget). */
  defaultBudgetUsd: number
  /** Frame rate of rendered videos. */
  fps: number
  /** ffmpeg and ffprobe set by the operator (else the npm-shipped ones, then the system's). */
  binaries: { ffmpeg?: string; ffprobe?: string }
}

/** The video plugin's settings, read from the environment (mutable for tests). */
const videoConfig: VideoConfig = {
  pollIntervalSeconds: env.get('VIDEO_POLL_INTERVAL_SECONDS', 10),
  operationTimeoutSeconds: env.get('VIDEO_OPERATION_TIMEOUT_SECONDS', 900),
  defaultBudgetUsd: env.get('VIDEO_DEFAULT_BUDGET_USD', 25),
  fps: 25,
  binaries: { ffmpeg: env.get('VIDEO_FFMPEG_PATH'), ffprobe: env.get('VIDEO_FFPROBE_PATH') },
}
export default videoConfig
