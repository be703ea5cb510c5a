import type { Task } from 'graphile-worker'
import { discoverModels } from '../services/model_discovery.js'

/**
 * `core/ai_discover_models` (monthly): lists the AI providers' models and
 * updates ai_model_configs; errors are logged in ai_model_update_logs.
 */
const discoverModelsTask: Task = async (_payload, helpers) => {
  const run = await discoverModels()
  helpers.logger.info(
    `AI model discovery ${run.status}: ${run.modelsDiscovered} listed, ${run.modelsAdded} added, ${run.modelsDeprecated} deprecated`
  )
}

export default discoverModelsTask
