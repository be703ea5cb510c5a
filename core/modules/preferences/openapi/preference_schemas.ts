import { pageOf } from '#sdk'
import { preferenceResource } from '../services/preference_resource.js'

const Preference = preferenceResource.schema

/** Response schemas of the preferences routes (OpenAPI components). */
export const preferenceSchemas = {
  Preference,
  preferencePage: pageOf('PreferencePage', Preference),
}
