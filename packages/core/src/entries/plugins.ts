/**
 * `@exec-automator/core/plugins`: Notification channel settings (the plugin interfaces themselves are in the root; the built-in notifiers are in `@exec-automator/phase-monitoring`, the Obsidian archiver in `@exec-automator/phase-rollback`).
 *
 * @packageDocumentation
 */
export { channelName, notificationChannelSchema, type NotificationChannelConfig } from '../plugins/notification-channels.js';
