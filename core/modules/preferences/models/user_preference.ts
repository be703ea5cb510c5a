import type { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantModel } from '#core/database/tenant_model'

/**
 * A user's preferences for one category inside a workspace (seed table
 * `user_preferences`).
 */
export default class UserPreference extends TenantModel {
  static table = 'user_preferences'

  @column({ isPrimary: true })
  declare id: string

  @column()
  declare workspaceId: string

  @column()
  declare userId: string

  @column()
  declare preferenceCategory: string

  @column()
  declare preferenceData: Record<string, unknown> | null

  @column()
  declare interfaceMode: 'simple' | 'advanced' | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
