import type { PageMeta } from '@tickets/contracts'

export function ok<T>(data: T, message = 'OK') {
  return { success: true as const, message, data }
}

export function paginated<T>(data: T[], meta: PageMeta, message = 'OK') {
  return { success: true as const, message, data, meta }
}
