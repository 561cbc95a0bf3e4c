import { parseInput } from '../../src-shared/validation';
import { events, type EventName, type EventPayload } from '../../src-shared/contract';
import type { Logger } from '../log/logger';

/** What main's services use to tell the page something happened. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

/** A transport's end: the Electron windows, or the harness's Server-Sent Events streams. */
export type EventSubscriber = (name: EventName, payload: unknown) => void;

export interface EventHub extends EventSink {
  subscribe(subscriber: EventSubscriber): () => void;
}

/**
 * Fans each event out to every transport. The payload is checked against the contract's schema
 * first (zod on write, as for stored files): an event that does not fit is a bug, logged by name
 * and dropped, and never reaches the page half-formed.
 */
export function createEventHub(log: Logger): EventHub {
  const subscribers = new Set<EventSubscriber>();
  return {
    emit(name, payload) {
      const parsed = parseInput(events[name], payload);
      if (!parsed.success) {
        log.error('event.invalid', { event: name, issue: parsed.error?.issues[0]?.path.join('.') ?? '(unreadable)' });
        return;
      }
      for (const subscriber of subscribers) {
        try {
          subscriber(name, parsed.data);
        } catch {
          log.warn('event.delivery_failed', { event: name });
        }
      }
    },
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => subscribers.delete(subscriber);
    },
  };
}
