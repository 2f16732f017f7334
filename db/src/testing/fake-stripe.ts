/**
 * A local stand-in for the parts of Stripe's API rlcoach uses, for tests: the real `stripe` SDK is
 * pointed at it (STRIPE_API_BASE). It speaks Stripe's wire format (form-encoded requests with
 * bracketed keys, JSON objects with Stripe's shapes, `{error: {type, code, message}}` failures,
 * Idempotency-Key replay) for customers, checkout.sessions, billing_portal.sessions, subscriptions
 * (retrieve, cancel) and invoices (retrieve); serves a Checkout page and a Billing Portal page a
 * browser can click through; keeps its own clock (renewals, failed payments, period ends); and
 * delivers webhooks signed with Stripe's scheme (`t=…,v1=HMAC-SHA256(secret, "t.payload")`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Json = Record<string, unknown>;

const PERIOD_SECONDS = 30 * 24 * 3600;
const PRO_AMOUNT = 1000;

export type WebhookDelivery =
  /** Checkout's webhooks are delivered (and answered) before the browser is sent back. */
  | 'before-redirect'
  /** The browser is sent back first; the webhooks follow a moment later. */
  | 'after-redirect'
  /** Webhooks are kept in `held` for the test to deliver (or not) itself. */
  | 'hold';

export interface FakeStripeOptions {
  /** Where webhooks go (our endpoint); may be set later with `webhookUrl`. */
  webhookUrl?: string;
  webhookSecret: string;
  delivery?: WebhookDelivery;
  /** The fake's clock, seconds since the epoch (default: now). */
  now?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Json;
}

export interface DeliveryResult {
  status: number;
  body: string;
}

const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

/** Stripe's form encoding: `a[b][0][c]=v` → {a: {b: [{c: v}]}}. */
export function parseStripeForm(body: string): Json {
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Record<string, unknown> = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else {
        const nextIsIndex = /^\d+$/.test(path[i + 1]!);
        node[part] ??= nextIsIndex ? [] : {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class FakeStripe {
  /** Base URL of the server (STRIPE_API_BASE), set by `start`. */
  url = '';
  webhookUrl: string | undefined;
  delivery: WebhookDelivery;
  /** The fake's clock in seconds; moves only with `advance`. */
  clock: number;
  readonly webhookSecret: string;
  readonly customers = new Map<string, Json>();
  readonly checkoutSessions = new Map<string, Json>();
  readonly portalSessions = new Map<string, Json>();
  readonly subscriptions = new Map<string, Json>();
  readonly invoices = new Map<string, Json>();
  /** Every event generated, in order. */
  readonly events: Stripe.Event[] = [];
  /** Events waiting for the test to deliver them (`delivery: 'hold'`). */
  held: Stripe.Event[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Customers whose next renewal payments fail. */
  readonly failingCustomers = new Set<string>();
  private readonly idempotent = new Map<string, { status: number; body: Json }>();
  private readonly signer = new Stripe('sk_test_signer_only');
  private server: Server | undefined;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(options: FakeStripeOptions) {
    this.webhookSecret = options.webhookSecret;
    this.webhookUrl = options.webhookUrl;
    this.delivery = options.delivery ?? 'before-redirect';
    this.clock = options.now ?? Math.floor(Date.now() / 1000);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: String(err) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ── test controls ────────────────────────────────────────────────────────────

  /** The `Stripe-Signature` header Stripe would send for `payload` (or a forged/stale one). */
  signatureFor(payload: string, options: { timestamp?: number; secret?: string } = {}): string {
    return this.signer.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    });
  }

  /** POST one event to the webhook endpoint, signed (by default correctly and now). */
  async deliver(
    event: Stripe.Event,
    options: { timestamp?: number; secret?: string; signature?: string | null } = {},
  ): Promise<DeliveryResult> {
    if (!this.webhookUrl) throw new Error('FakeStripe: no webhookUrl to deliver to');
    const payload = JSON.stringify(event, null, 2);
    const signature =
      options.signature === undefined ? this.signatureFor(payload, options) : options.signature;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (signature !== null) headers['stripe-signature'] = signature;
    const res = await fetch(this.webhookUrl, { method: 'POST', headers, body: payload });
    return { status: res.status, body: await res.text() };
  }

  /** Deliver the held events (in the given order, default as generated) and clear them. */
  async deliverHeld(order?: (events: Stripe.Event[]) => Stripe.Event[]): Promise<DeliveryResult[]> {
    const events = order ? order(this.held) : this.held;
    this.held = [];
    const out: DeliveryResult[] = [];
    for (const e of events) out.push(await this.deliver(e));
    return out;
  }

  /**
   * Move the clock forward. Subscriptions whose period ends meanwhile renew (invoice paid), fail
   * to renew (past_due, invoice.payment_failed) for a failing customer, or end when cancelled at
   * period end. Their webhooks are delivered (awaited) unless delivery is 'hold'.
   */
  async advance(seconds: number): Promise<Stripe.Event[]> {
    this.clock += Math.round(seconds);
    const emitted: Stripe.Event[] = [];
    for (const sub of this.subscriptions.values()) {
      const item = this.itemOf(sub);
      while (
        sub.status !== 'canceled' &&
        sub.status !== 'past_due' &&
        (item.current_period_end as number) <= this.clock
      ) {
        const end = item.current_period_end as number;
        if (sub.cancel_at_period_end) {
          Object.assign(sub, { status: 'canceled', ended_at: end, canceled_at: sub.canceled_at ?? end });
          emitted.push(this.event('customer.subscription.deleted', sub));
        } else if (this.failingCustomers.has(sub.customer as string)) {
          const invoice = this.invoiceFor(sub, end, 'open');
          sub.status = 'past_due';
          emitted.push(
            this.event('invoice.payment_failed', invoice),
            this.event('customer.subscription.updated', sub),
          );
        } else {
          Object.assign(item, { current_period_start: end, current_period_end: end + PERIOD_SECONDS });
          const invoice = this.invoiceFor(sub, end, 'paid');
          emitted.push(this.event('invoice.paid', invoice), this.event('customer.subscription.updated', sub));
        }
      }
    }
    await this.dispatch(emitted);
    return emitted;
  }

  /** Stripe gave up collecting a past-due subscription (its dunning settings): it is cancelled. */
  async endUnpaid(subscriptionId: string): Promise<Stripe.Event[]> {
    const sub = this.mustGet(this.subscriptions, subscriptionId);
    Object.assign(sub, { status: 'canceled', ended_at: this.clock, canceled_at: this.clock });
    const emitted = [this.event('customer.subscription.deleted', sub)];
    await this.dispatch(emitted);
    return emitted;
  }

  /** The newest subscription of a customer. */
  subscriptionOf(customerId: string): Json | undefined {
    return [...this.subscriptions.values()].filter((s) => s.customer === customerId).at(-1);
  }

  // ── object builders ─────────────────────────────────────────────────────────

  private itemOf(sub: Json): Json {
    return ((sub.items as Json).data as Json[])[0]!;
  }

  private event(type: string, object: Json): Stripe.Event {
    const event = {
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: this.clock,
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.events.push(event);
    return event;
  }

  private invoiceFor(sub: Json, periodStart: number, status: 'paid' | 'open'): Json {
    const invoice: Json = {
      id: newId('in'),
      object: 'invoice',
      customer: sub.customer,
      status,
      amount_due: PRO_AMOUNT,
      amount_paid: status === 'paid' ? PRO_AMOUNT : 0,
      amount_remaining: status === 'paid' ? 0 : PRO_AMOUNT,
      currency: 'usd',
      created: this.clock,
      period_start: periodStart,
      period_end: periodStart + PERIOD_SECONDS,
      billing_reason: this.invoices.size === 0 ? 'subscription_create' : 'subscription_cycle',
      hosted_invoice_url: `${this.url}/invoices/${'x'}`,
      livemode: false,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
    };
    invoice.hosted_invoice_url = `${this.url}/invoices/${invoice.id as string}`;
    this.invoices.set(invoice.id as string, invoice);
    sub.latest_invoice = invoice.id;
    return invoice;
  }

  private createSubscription(session: Json): Json {
    const price = ((session.line_items as Json[] | undefined)?.[0]?.price as string) ?? 'price_unknown';
    const id = newId('sub');
    const sub: Json = {
      id,
      object: 'subscription',
      customer: session.customer,
      status: 'active',
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      created: this.clock,
      start_date: this.clock,
      collection_method: 'charge_automatically',
      currency: 'usd',
      livemode: false,
      metadata: (session.subscription_data as Json | undefined)?.metadata ?? {},
      latest_invoice: null,
      items: {
        object: 'list',
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
        data: [
          {
            id: newId('si'),
            object: 'subscription_item',
            subscription: id,
            quantity: 1,
            current_period_start: this.clock,
            current_period_end: this.clock + PERIOD_SECONDS,
            price: {
              id: price,
              object: 'price',
              active: true,
              currency: 'usd',
              unit_amount: PRO_AMOUNT,
              product: 'prod_test_pro',
              recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
              type: 'recurring',
            },
          },
        ],
      },
    };
    this.subscriptions.set(id, sub);
    return sub;
  }

  private async dispatch(events: Stripe.Event[]): Promise<void> {
    if (this.delivery === 'hold' || !this.webhookUrl) {
      this.held.push(...events);
      return;
    }
    for (const e of events) await this.deliver(e);
  }

  // ── HTTP ────────────────────────────────────────────────────────────────────

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await new Promise<string>((resolve) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (data += c));
      req.on('end', () => resolve(data));
    });
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'v1') return this.api(req, res, parts.slice(1), body);
    return this.page(req, res, parts, body);
  }

  private send(res: ServerResponse, status: number, body: Json): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req') });
    res.end(JSON.stringify(body));
  }

  private mustGet(map: Map<string, Json>, id: string): Json {
    const found = map.get(id);
    if (!found) throw new Error(`FakeStripe: no object ${id}`);
    return found;
  }

  private async api(req: IncomingMessage, res: ServerResponse, parts: string[], body: string): Promise<void> {
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer sk_(test|live)_/.test(auth))
      return this.send(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    const method = req.method ?? 'GET';
    const params = parseStripeForm(body);
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    this.requests.push({ method, path: `/v1/${parts.join('/')}`, idempotencyKey: key, params });
    // Same key, same answer (Stripe keeps keys 24 hours).
    const replayKey = key ? `${method} /${parts.join('/')} ${key}` : null;
    const replay = replayKey ? this.idempotent.get(replayKey) : undefined;
    if (replay) return this.send(res, replay.status, replay.body);
    const answer = await this.apiAnswer(method, parts, params);
    if (replayKey && method !== 'GET') this.idempotent.set(replayKey, answer);
    this.send(res, answer.status, answer.body);
  }

  private notFound(what: string, id: string): { status: number; body: Json } {
    return {
      status: 404,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such ${what}: '${id}'`,
          param: 'id',
        },
      },
    };
  }

  private async apiAnswer(
    method: string,
    parts: string[],
    params: Json,
  ): Promise<{ status: number; body: Json }> {
    const ok = (body: Json) => ({ status: 200, body });
    const [a, b, c, d] = parts;
    if (method === 'POST' && a === 'customers' && !b) {
      const customer: Json = {
        id: newId('cus'),
        object: 'customer',
        created: this.clock,
        email: params.email ?? null,
        name: params.name ?? null,
        metadata: params.metadata ?? {},
        livemode: false,
      };
      this.customers.set(customer.id as string, customer);
      return ok(customer);
    }
    if (method === 'POST' && a === 'checkout' && b === 'sessions' && !c) {
      if (!this.customers.has(params.customer as string))
        return this.notFound('customer', String(params.customer));
      const id = newId('cs');
      const session: Json = {
        id,
        object: 'checkout.session',
        mode: params.mode,
        status: 'open',
        payment_status: 'unpaid',
        customer: params.customer,
        client_reference_id: params.client_reference_id ?? null,
        metadata: params.metadata ?? {},
        subscription: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${this.url}/checkout/${id}`,
        created: this.clock,
        expires_at: this.clock + 24 * 3600,
        livemode: false,
        // Kept to build the subscription on payment (Stripe does not return these on the session).
        line_items: params.line_items,
        subscription_data: params.subscription_data,
      };
      this.checkoutSessions.set(id, session);
      return ok(this.publicSession(session));
    }
    if (method === 'GET' && a === 'checkout' && b === 'sessions' && c) {
      const s = this.checkoutSessions.get(c);
      return s ? ok(this.publicSession(s)) : this.notFound('checkout.session', c);
    }
    if (method === 'POST' && a === 'billing_portal' && b === 'sessions' && !c) {
      if (!this.customers.has(params.customer as string))
        return this.notFound('customer', String(params.customer));
      const id = newId('bps');
      const session: Json = {
        id,
        object: 'billing_portal.session',
        customer: params.customer,
        return_url: params.return_url ?? null,
        url: `${this.url}/portal/${id}`,
        configuration: 'bpc_test_default',
        created: this.clock,
        livemode: false,
      };
      this.portalSessions.set(id, session);
      return ok(session);
    }
    if (a === 'subscriptions' && b && !c) {
      const sub = this.subscriptions.get(b);
      if (!sub) return this.notFound('subscription', b);
      if (method === 'GET') return ok(sub);
      if (method === 'DELETE') {
        if (sub.status === 'canceled')
          return {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'resource_missing',
                message: `No such subscription: '${b}'`,
              },
            },
          };
        Object.assign(sub, { status: 'canceled', ended_at: this.clock, canceled_at: this.clock });
        const deleted = this.event('customer.subscription.deleted', sub);
        void this.later(() => this.dispatch([deleted]));
        return ok(sub);
      }
    }
    if (method === 'GET' && a === 'invoices' && b && !c) {
      const inv = this.invoices.get(b);
      return inv ? ok(inv) : this.notFound('invoice', b);
    }
    void d;
    return this.notFound('route', `/${parts.join('/')}`);
  }

  private publicSession(s: Json): Json {
    const { line_items: _l, subscription_data: _s, ...rest } = s;
    return rest;
  }

  private later(fn: () => Promise<unknown>): Promise<unknown> {
    const p = new Promise((r) => setTimeout(r, 50)).then(fn).catch(() => undefined);
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
    return p;
  }

  private html(res: ServerResponse, title: string, inner: string): void {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#635bff;color:#fff;cursor:pointer}
.note{color:#555;font-size:.9rem}</style></head><body>${inner}</body></html>`);
  }

  private redirect(res: ServerResponse, location: string): void {
    res.writeHead(303, { location });
    res.end();
  }

  /** The browser-facing stand-ins: Checkout and the Billing Portal. */
  private async page(
    req: IncomingMessage,
    res: ServerResponse,
    parts: string[],
    _body: string,
  ): Promise<void> {
    const [kind, id, action] = parts;
    if (kind === 'checkout' && id) {
      const session = this.checkoutSessions.get(id);
      if (!session) return void this.missingPage(res);
      if (req.method === 'POST' && action === 'pay') return this.pay(res, session);
      return this.html(
        res,
        'Checkout (local Stripe stand-in)',
        `<h1>Checkout</h1><p class="note">Local Stripe stand-in for tests.</p>
<p>rlcoach Pro — <strong>$10.00 / month</strong></p>
<form method="post" action="/checkout/${escapeHtml(id)}/pay"><button type="submit">Pay $10.00</button></form>
<p><a href="${escapeHtml(String(session.cancel_url))}">Cancel and go back</a></p>`,
      );
    }
    if (kind === 'portal' && id) {
      const portal = this.portalSessions.get(id);
      if (!portal) return void this.missingPage(res);
      const sub = this.subscriptionOf(portal.customer as string);
      if (req.method === 'POST' && action === 'cancel' && sub) {
        Object.assign(sub, {
          cancel_at_period_end: true,
          cancel_at: this.itemOf(sub).current_period_end,
          canceled_at: this.clock,
        });
        await this.dispatch([this.event('customer.subscription.updated', sub)]);
        return this.redirect(res, String(portal.return_url));
      }
      const state = !sub
        ? 'No subscription.'
        : sub.cancel_at_period_end
          ? `Cancels on ${new Date((this.itemOf(sub).current_period_end as number) * 1000).toISOString().slice(0, 10)}.`
          : `Status: ${String(sub.status)}.`;
      const cancel =
        sub && sub.status !== 'canceled' && !sub.cancel_at_period_end
          ? `<form method="post" action="/portal/${escapeHtml(id)}/cancel"><button type="submit">Cancel plan</button></form>`
          : '';
      return this.html(
        res,
        'Billing portal (local Stripe stand-in)',
        `<h1>Billing portal</h1><p class="note">Local Stripe stand-in for tests.</p><p>rlcoach Pro — ${escapeHtml(state)}</p>${cancel}
<p><a href="${escapeHtml(String(portal.return_url))}">Return to rlcoach</a></p>`,
      );
    }
    this.missingPage(res);
  }

  private missingPage(res: ServerResponse): void {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  /** "Pay": the subscription starts, its first invoice is paid, the session completes. */
  private async pay(res: ServerResponse, session: Json): Promise<void> {
    if (session.status !== 'open') return this.redirect(res, String(session.success_url));
    const sub = this.createSubscription(session);
    const invoice = this.invoiceFor(sub, this.clock, 'paid');
    Object.assign(session, { status: 'complete', payment_status: 'paid', subscription: sub.id });
    const events = [
      this.event('checkout.session.completed', this.publicSession(session)),
      this.event('customer.subscription.created', sub),
      this.event('invoice.paid', invoice),
    ];
    const back = String(session.success_url).replace('{CHECKOUT_SESSION_ID}', String(session.id));
    if (this.delivery === 'after-redirect') {
      void this.later(() => this.dispatch(events));
      return this.redirect(res, back);
    }
    await this.dispatch(events);
    this.redirect(res, back);
  }
}
