export { TRANSITIONS, type Actor, type Target, type TransitionRule } from './transitions.js'
export { changeStatus, deleteBooking, expireIfDue, LifecycleError, type LifecycleErrorCode } from './lifecycle.js'
