/**
 * Lock conflicts that are safe to retry: a deadlock (1213) rolled the transaction back,
 * a lock wait timeout or NOWAIT conflict (1205 on MariaDB, 3572 on MySQL 8) never got the lock.
 */
export function isLockConflict(error: unknown): boolean {
  const errno = (error as { errno?: number } | null)?.errno
  return errno === 1213 || errno === 1205 || errno === 3572
}
