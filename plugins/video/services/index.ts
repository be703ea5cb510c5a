/*
| The video plugin's public API. Other plugins (the autopilot) import this file
| only, so the rest can change freely.
*/
export {
  createProject as createVideoProject,
  startGeneration as generateVideoProject,
} from './video_project_service.js'
export type { VideoProjectRow } from './video_project_resource.js'
