import { z } from 'zod'
import { FileFormatSchema } from '../sdk-config/catalog'

// Kept apart from service.ts (which reads the disk) so the bridge contract can import the schema.

/** One credential the user ticked in the app's import checklist, and the name they gave it. */
export const ImportChoiceSchema = z.object({
  file: z.string().min(1).max(4096),
  format: FileFormatSchema,
  entry: z.string().min(1).max(512),
  name: z.string().min(1).max(200),
})
export type ImportChoice = z.infer<typeof ImportChoiceSchema>

