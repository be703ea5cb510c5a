import { SetupError } from '#core/exceptions/setup_error'
/**
 * Raised when the set of installed and enabled plugins cannot be loaded: a
 * missing, cyclic or incompatible dependency, an unknown name in PLUGINS, or an
 * invalid declaration. The message says what to change.
 */
export class PluginResolutionError extends SetupError {
  constructor(message: string) {
    super(message)
    this.name = 'PluginResolutionError'
  }
}
