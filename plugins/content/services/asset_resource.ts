import { column, defineResource } from '#sdk'

/** The kinds of asset the library holds, detected from the bytes. */
export const ASSET_TYPES = ['image', 'video', 'document', 'audio'] as const

/**
 * One digital asset (table `digital_assets`). The storage keys stay private:
 * files are reached only through signed, expiring links.
 */
export const assetResource = defineResource({
  name: 'ContentAsset',
  table: 'digital_assets',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    uploaded_by: column.uuid().nullable().required(),
    file_name: column.text().required().writable(),
    file_size: column.numeric().nullable().required(),
    asset_type: column.enum(ASSET_TYPES).required(),
    mime_type: column.text().nullable().required(),
    width: column.integer().nullable().required(),
    height: column.integer().nullable().required(),
    duration_seconds: column.float().nullable().required(),
    checksum_sha256: column.text().nullable().required(),
    has_thumbnail: column
      .boolean()
      .required()
      .computed((t) => `${t}.thumbnail_path is not null`),
    metadata: column.jsonb().required(),
    tags: column.textArray().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** An asset row as selected. */
export type AssetRow = typeof assetResource.$row
