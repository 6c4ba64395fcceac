import { createHash } from 'node:crypto';
import type { PersonalisedMessage, Recipient } from '@kiji/digest';
import type { Transporter } from 'nodemailer';
import { DigestAppError } from './errors.js';
import type { Lock, StateStore } from './store.js';

export interface Envelope {
  readonly from: string;
  readonly unsubscribeMailto: string;
  readonly maxAttempts: number;
}

export interface Addressee extends Recipient {
  readonly email: string;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  skipped: number;
  stopped: boolean;
}

/** The mail for one addressee: both parts, and the one-click unsubscribe headers Gmail and Yahoo require. */
export function composeMessage(
  digestId: string,
  subject: string,
  to: Addressee,
  body: PersonalisedMessage,
  envelope: Pick<Envelope, 'from' | 'unsubscribeMailto'>,
) {
  const mailto = `mailto:${envelope.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${to.email}`)}`;
  // A stable Message-ID lets a receiving server drop the copy a crash right after its "250 OK" could resend.
  const id = createHash('sha256').update(`${digestId}\n${to.email}`).digest('hex').slice(0, 24);
  return {
    from: envelope.from,
    to: to.name ? { name: to.name, address: to.email } : to.email,
    subject,
    html: body.html,
    text: body.text,
    messageId: `<${digestId}.${id}@kiji-digest>`,
    // One header with both targets (RFC 2369); the POST header makes the URL one-click (RFC 8058).
    headers: {
      'List-Unsubscribe': `<${new URL(to.unsubscribeUrl).href}>, <${mailto}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * Sends to everyone not yet marked sent, recording each address right after the server accepts it.
 * A rejection is recorded with its error and retried by a later run, up to `maxAttempts`.
 */
export async function deliver(options: {
  store: StateStore;
  lock: Lock | undefined;
  digestId: string;
  subject: string;
  personalise: (r: Recipient) => PersonalisedMessage;
  recipients: readonly Addressee[];
  transport: Pick<Transporter, 'sendMail'>;
  envelope: Envelope;
  shouldStop: () => boolean;
  log: (line: string) => void;
}): Promise<DeliveryReport> {
  const { store, digestId, envelope } = options;
  const record = store.data.digests[digestId];
  if (!record) throw new Error(`digest ${digestId} is not in the state`);
  const report: DeliveryReport = { sent: 0, failed: 0, skipped: 0, stopped: false };
  for (const to of options.recipients) {
    // SIGTERM: stop between messages; the one in flight has finished and been recorded.
    if (options.shouldStop()) {
      report.stopped = true;
      break;
    }
    const known = record.recipients[to.email];
    if (known?.status === 'sent' || (known && known.attempts >= envelope.maxAttempts)) {
      report.skipped++;
      continue;
    }
    const message = composeMessage(digestId, options.subject, to, options.personalise(to), envelope);
    try {
      await options.transport.sendMail(message);
    } catch (error) {
      const reason = smtpReason(error);
      if (CONNECTION_ERRORS.has((error as { code?: string }).code ?? '')) {
        // The server, not this address, is the problem: count no attempt, stop, and let the next run resume.
        throw new DigestAppError('smtp', `cannot deliver through SMTP_URL (${reason})`, {
          hint: 'Check SMTP_URL / SMTP_PASSWORD and that the server is up; the next run resumes where this one stopped.',
          cause: error,
        });
      }
      await store.record(digestId, to.email, 'failed', reason);
      report.failed++;
      options.log(`kiji-digest: ${to.email} not delivered (${reason}); will retry on a later run`);
      continue;
    }
    await store.record(digestId, to.email, 'sent');
    report.sent++;
    if (report.sent % 50 === 0) await options.lock?.refresh();
  }
  return report;
}

const CONNECTION_ERRORS = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EAUTH',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
]);

/** The server's answer without anything secret (nodemailer errors can embed the connection URL). */
function smtpReason(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.responseCode) return `${e.responseCode} ${String(e.response ?? '').slice(0, 200)}`;
  return String(e.code ?? e.message ?? error)
    .replace(/smtps?:\/\/[^\s]*/gi, 'smtp://…')
    .slice(0, 200);
}
