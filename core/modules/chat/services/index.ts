/*
| The public face of this domain: the ONLY file other modules and plugins may
| import (as `#modules/<name>/services/index`). Everything else is private.
*/
/** Records the caller's feedback on an AI suggestion (strategy copilot suggestions use it). */
export { recordFeedback, type FeedbackInput } from './chat_feedback_service.js'
