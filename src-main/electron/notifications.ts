// OS notifications for the desktop app (the expiry reminders), against a small structural type so
// the unit tests can drive it with a fake electron. A click brings the window up and lets main tell
// the page which key to open the rotation for.
import type { Logger } from '../log/logger';
import type { Notify } from '../expiries/expiry-reminders';

export interface ShownNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotificationClass {
  new (options: { title: string; body: string }): ShownNotification;
  isSupported(): boolean;
}

export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Brings the window up: a notification's click, or a second launch of the app. */
export function bringToFront(win: FocusableWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export function createNotifier(Notification: NotificationClass, mainWindow: () => FocusableWindow | null, log: Logger): Notify {
  // Electron drops a notification's click handler when the object is garbage collected: each is
  // held until it is clicked or closed.
  const live = new Set<ShownNotification>();
  return (title, body, onClick) => {
    if (!Notification.isSupported()) return false;
    const notification = new Notification({ title, body });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    notification.on('click', () => {
      live.delete(notification);
      const win = mainWindow();
      if (win) bringToFront(win);
      onClick?.();
    });
    try {
      notification.show();
      return true;
    } catch {
      live.delete(notification);
      log.warn('shell.notification_failed');
      return false;
    }
  };
}
