// Use case: an agency's parked events (accepted, not applied after their retries), oldest first.
import type { ParkedEvent, ParkedEvents } from '#domain/event-ports.ts';

export interface ParkedPorts {
  parked: ParkedEvents;
}

export async function listParked(ports: ParkedPorts, agencyId: string): Promise<{ events: ParkedEvent[] }> {
  const events = await ports.parked.listAgency(agencyId);
  return { events: events.map(({ event, reason, parkedAt, attempts, firstFailedAt, lastFailedAt }) => ({ event, reason, parkedAt, attempts, firstFailedAt, lastFailedAt })) };
}
