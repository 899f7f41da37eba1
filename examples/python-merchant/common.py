"""What both provider adapters share: the shop's records, its log, outbound HTTP and the fault switches.

The records are in memory (a test database): orders, saved cards and processed notification ids,
guarded by one lock because notifications arrive on their own threads while a checkout runs.
"""
import collections
import json
import secrets
import socket
import threading
import urllib.error
import urllib.request

FINAL = ('paid', 'failed')

# Every mistake a faulty variant can make; one name each (README.md lists what each does).
FAULT_NAMES = (
    'notification-any-merchant',   # 4(a) applies a notification for another merchant or amount
    'webhook-hmac-optional',       # 4(b) checks Adyen's HMAC only when there is one
    'no-card-ownership',           # 4(c) any buyer may pay with any saved-card id
    'pending-as-paid',             # 4(d) a pending payment is shown as paid
    'reuse-wrong-flags',           # 4(e) card-on-file flags present with values the provider refuses
    'deleted-token-retried',       # 4(f) a refused token is tried again under new keys
    'answer-unverified',           # 4(g) Antom's answer signature is never checked
    'no-timeout',                  # 4(h) waits as long as the provider takes
    'pan-in-logs',                 # 4(i) logs the full card number
    'token-before-success',        # saves the card from the payment answer, before the notification
    'pending-as-failed',           # a pending payment is booked as failed
    'retry-final-error',           # a validation error is sent again
    'no-inquiry',                  # an unknown outcome is booked as failed, never retried or inquired
    'webhook-applied-twice',       # no record of processed notifications
    'cvv-on-reuse',                # keeps the CVV and sends it with the saved card
    'reuse-without-flags',         # a saved card charged without card-on-file flags
    'save-without-consent',        # asks the provider to save the card whatever the buyer chose
    'retry-new-key',               # an unknown outcome retried under a new idempotency key
    'notification-unverified',     # no signature check on notifications at all
    'late-notification-overwrites',  # the last notification wins, even an earlier state
    'email-as-buyer-ref',          # sends an e-mail address as the buyer reference
)


class Log:
    """The shop's log: kept for the driver's `logs` operation, masked unless a fault says otherwise."""

    def __init__(self, echo=False):
        self.lines = collections.deque(maxlen=1000)
        self.echo = echo
        self.lock = threading.Lock()

    def write(self, line):
        with self.lock:
            self.lines.append(line[:10000])
        if self.echo:
            print(line, flush=True)

    def clear(self):
        with self.lock:
            self.lines.clear()

    def snapshot(self):
        with self.lock:
            return list(self.lines)


def mask(number):
    digits = ''.join(ch for ch in number if ch.isdigit())
    return digits[:6] + '*' * max(len(digits) - 10, 0) + digits[-4:]


class Store:
    def __init__(self):
        self.lock = threading.RLock()
        self.reset()

    def reset(self):
        with self.lock:
            self.orders = {}          # (provider, orderId) -> dict
            self.cards = {}           # card id -> dict(provider, buyerRef, token, masked, brand, expiry…)
            self.processed = set()    # notification keys already applied
            self.by_reference = {}    # (provider, provider's payment reference) -> orderId

    def new_order(self, provider, order_id, **fields):
        with self.lock:
            existing = self.orders.get((provider, order_id))
            if existing is not None:
                return existing, False
            order = {'provider': provider, 'orderId': order_id, 'status': 'pending', 'captures': 0, **fields}
            self.orders[(provider, order_id)] = order
            return order, True

    def order(self, provider, order_id):
        with self.lock:
            return self.orders.get((provider, order_id))

    def set_status(self, order, status, overwrite_final=False):
        """Moves an order on; a final state is never replaced by a non-final one (unless a fault says so)."""
        with self.lock:
            current = order['status']
            if current in FINAL and not overwrite_final:
                return False
            if current == status:
                return False
            order['status'] = status
            if status == 'paid' and order.get('amountValue', '0') != '0':
                order['captures'] += 1
            return True

    def save_card(self, provider, buyer_ref, token, masked, brand=None, expiry_month=None, expiry_year=None):
        with self.lock:
            for card in self.cards.values():
                if card['provider'] == provider and card['buyerRef'] == buyer_ref and card['token'] == token:
                    return card
            card = {'id': 'card_' + secrets.token_hex(6), 'provider': provider, 'buyerRef': buyer_ref, 'token': token,
                    'masked': masked, 'brand': brand, 'expiryMonth': expiry_month, 'expiryYear': expiry_year}
            self.cards[card['id']] = card
            return card

    def cards_of(self, provider, buyer_ref):
        with self.lock:
            return [c for c in self.cards.values() if c['provider'] == provider and c['buyerRef'] == buyer_ref]

    def first_time(self, key):
        """True the first time a notification key is seen (and records it)."""
        with self.lock:
            if key in self.processed:
                return False
            self.processed.add(key)
            return True


class Answer:
    """What came back from a provider call: status None when no answer arrived (timeout, reset)."""

    def __init__(self, status=None, headers=None, body=b'', error=None):
        self.status = status
        self.headers = headers or {}
        self.body = body
        self.error = error

    def header(self, name):
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def json(self):
        try:
            return json.loads(self.body.decode('utf-8'))
        except (ValueError, UnicodeDecodeError):
            return None


def call(method, url, body, headers, timeout):
    """One HTTP call. A timeout or a broken connection is an Answer with no status: the outcome is unknown."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers.items()), error.read())
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as error:
        return Answer(error=str(error))
