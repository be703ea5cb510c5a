/**
 * Defines `<aip-video-studio>` (once: loading two bundles that both hold
 * the element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-video-studio` entry point are this file.
 */
import { AipVideoStudio } from './aip-video-studio.js'

export { AipVideoStudio }
export type {
  VideoStudioDetail,
  VideoStudioProject,
  VideoStudioProjectDetail,
  VideoStudioScene,
} from './aip-video-studio.js'

if (!customElements.get('aip-video-studio')) {
  customElements.define('aip-video-studio', AipVideoStudio)
}
