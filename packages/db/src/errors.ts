/**
 * Lock conflicts that are safe to retry: a deadlock (1213) rolled the transaction back,
 * a lock wait timeout or NOWAIT conflict (1205 on MariaDB, 3572 on MySQL 8) never got the lock.
 */
export function isLockConflict(error: unknown): boolean {
  const errno = errnoOf(error)
  return errno === 1213 || errno === 1205 || errno === 3572
}

/** The MySQL/MariaDB error number of an error from the driver, if it has one. */
export function errnoOf(error: unknown): number | undefined {
  return (error as { errno?: number } | null)?.errno
}

/** A unique index refused the write (1062 on MySQL and MariaDB). */
export const isDuplicateKey = (error: unknown): boolean => errnoOf(error) === 1062

/** A foreign key found no parent row (1452): the row it points at was deleted meanwhile. */
export const isMissingParent = (error: unknown): boolean => errnoOf(error) === 1452

/**
 * A CHECK constraint refused the write: 3819 on MySQL 8, 4025 on MariaDB. Never a dependency
 * being away, so never retried as one: with the stock rules enforced in code first, it means a
 * bug the database caught.
 */
export const isCheckViolation = (error: unknown): boolean => errnoOf(error) === 3819 || errnoOf(error) === 4025
