import { z } from 'zod'

/** A label in both languages the platform ships (zh-CN first). */
export const LabelSchema = z.object({ zh: z.string(), en: z.string() })
export type Label = z.infer<typeof LabelSchema>

/** Pick the side of a `{zh, en}` label that matches a locale ('zh-CN' → zh, anything else → en). */
export function labelIn(locale: string, label: Label): string {
  return locale.startsWith('zh') ? label.zh : label.en
}
