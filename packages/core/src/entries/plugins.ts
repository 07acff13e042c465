/**
 * `@exec-automator/core/plugins`: Notification channel settings and the Obsidian archiver.
 *
 * @packageDocumentation
 */
export { channelName, notificationChannelSchema, type NotificationChannelConfig } from '../plugins/notification-channels.js';
export { demoteHeadings, noteSlug, ObsidianArchiver, type ObsidianArchiverOptions } from '../archive/obsidian-archiver.js';
