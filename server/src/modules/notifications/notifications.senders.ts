/** Pluggable external channels for the outbox: webhook first; SMS and WeChat adapters plug in the same way. */
export interface OutboxMessage {
  id: number;
  channel: string;
  userId: number;
  payload: Record<string, unknown>;
}

export interface Sender {
  channel: string;
  send(msg: OutboxMessage): Promise<void>;
}

const senders = new Map<string, Sender>();

export function registerSender(sender: Sender): void {
  senders.set(sender.channel, sender);
}

export function unregisterSender(channel: string): void {
  senders.delete(channel);
}

export function senderFor(channel: string): Sender | undefined {
  return senders.get(channel);
}

export function activeChannels(): string[] {
  return [...senders.keys()];
}

/** POSTs each message as JSON; any non-2xx answer is a failure to retry. */
export function webhookSender(url: string, timeoutMs = 10_000): Sender {
  return {
    channel: 'webhook',
    async send(msg) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: msg.id, userId: msg.userId, ...msg.payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

/** Backoff after the n-th failed attempt: 1, 2, 4 … minutes, capped at one hour; never given up. */
export function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}
