import { z } from 'zod'

/** A label in both languages the platform ships (zh-CN first). */
export const LabelSchema = z.object({ zh: z.string(), en: z.string() })
export type Label = z.infer<typeof LabelSchema>
